//! Expression shapes: precedence and associativity exactly as Move's, and the Aptos parser's
//! quirks (type arguments only when `<` touches the name, `as` without parentheses, control
//! expressions followed by operators, `>>` closing two type argument lists).

use crate::print::Printer;
use lumio_move_compiler::parse_file;
use lumio_move_compiler::parser::ast::*;
use lumio_move_compiler::source::FileId;

/// The printed form of the body of `fun f() { <body> }`.
fn body(src: &str) -> String {
    let file = format!("module 0x1::m {{ fun f() {{ {src} }} }}");
    let (ast, diags) = parse_file(&file, FileId(0));
    assert!(diags.is_empty(), "{src}: {diags:#?}");
    let ast = ast.expect("parsed");
    let Definition::Module(m) = &ast.definitions[0] else {
        panic!("module")
    };
    let ModuleMember::Function(f) = &m.members[0] else {
        panic!("function")
    };
    let FunctionBody::Defined(seq) = &f.body else {
        panic!("body")
    };
    let mut p = Printer::new(&file);
    p.sequence(seq);
    let out = p.finish();
    // Drop the block braces.
    out[1..out.len() - 1].to_string()
}

fn exp(src: &str) -> String {
    body(src)
}

#[test]
fn arithmetic_precedence_and_associativity() {
    assert_eq!(exp("a + b * c"), "(+ a (* b c))");
    assert_eq!(exp("a * b + c"), "(+ (* a b) c)");
    assert_eq!(exp("a - b - c"), "(- (- a b) c)");
    assert_eq!(exp("a / b * c % d"), "(% (* (/ a b) c) d)");
    assert_eq!(exp("a + b << c"), "(<< (+ a b) c)");
    assert_eq!(exp("a << b >> c"), "(>> (<< a b) c)");
    assert_eq!(exp("a & b << 1"), "(& a (<< b 1))");
    assert_eq!(exp("a ^ b & c"), "(^ a (& b c))");
    assert_eq!(exp("a | b ^ c"), "(| a (^ b c))");
    assert_eq!(
        exp("a | b ^ c & d << e + f * g"),
        "(| a (^ b (& c (<< d (+ e (* f g))))))"
    );
    assert_eq!(
        exp("a * b + c << d & e ^ f | g"),
        "(| (^ (& (<< (+ (* a b) c) d) e) f) g)"
    );
}

#[test]
fn logical_and_comparison_precedence() {
    assert_eq!(exp("a || b && c"), "(|| a (&& b c))");
    assert_eq!(exp("a && b || c"), "(|| (&& a b) c)");
    assert_eq!(exp("a == b || c != d"), "(|| (== a b) (!= c d))");
    assert_eq!(exp("a < b && c >= d"), "(&& (< a b) (>= c d))");
    assert_eq!(exp("a | b == c"), "(== (| a b) c)");
    // Comparisons share one level and associate to the left (the type checker rejects
    // chains; the parser builds them like Aptos).
    assert_eq!(exp("a < b == c"), "(== (< a b) c)");
    // `..` (specs only) sits between comparisons and `|`.
    assert_eq!(exp("a..b | c"), "(.. a (| b c))");
    assert_eq!(exp("a..b == c"), "(== (.. a b) c)");
    // `==>` and `<==>` (specs only) are the loosest.
    assert_eq!(exp("a ==> b || c"), "(==> a (|| b c))");
    assert_eq!(exp("a <==> b ==> c"), "(==> (<==> a b) c)");
}

#[test]
fn unary_operators_bind_tighter_than_binary() {
    assert_eq!(exp("!a && b"), "(&& (! a) b)");
    assert_eq!(exp("!!a"), "(! (! a))");
    assert_eq!(exp("*a + 1"), "(+ (* a) 1)");
    assert_eq!(exp("*a * *b"), "(* (* a) (* b))");
    assert_eq!(exp("&x.f"), "(& (. x f))");
    assert_eq!(exp("&mut v[i]"), "(&mut (index v i))");
    assert_eq!(exp("&mut *r"), "(&mut (* r))");
    assert_eq!(exp("*&x.f.g"), "(* (& (. (. x f) g)))");
    assert_eq!(exp("-x + 1"), "(+ (- x) 1)");
    assert_eq!(exp("-1"), "-1");
    assert_eq!(exp("move x + copy y"), "(+ (move x) (copy y))");
}

#[test]
fn assignments() {
    assert_eq!(exp("x = y = 1"), "(= x (= y 1))");
    assert_eq!(exp("x = a + b"), "(= x (+ a b))");
    assert_eq!(exp("*r = 1"), "(= (* r) 1)");
    assert_eq!(exp("x.f = 2"), "(= (. x f) 2)");
    assert_eq!(exp("v[i] = 3"), "(= (index v i) 3)");
    assert_eq!(exp("x += 1 + 2"), "(+= x (+ 1 2))");
    assert_eq!(exp("x <<= 2"), "(<<= x 2)");
    assert_eq!(exp("(a, b) = (b, a)"), "(= (tuple a b) (tuple b a))");
    assert_eq!(exp("S { f } = s"), "(= (pack S f=f) s)");
}

#[test]
fn casts_and_annotations() {
    assert_eq!(exp("(x as u64) + 1"), "(+ (as x u64) 1)");
    assert_eq!(exp("x as u64"), "(as x u64)");
    assert_eq!(exp("(x + y as u8)"), "(as (+ x y) u8)");
    assert_eq!(exp("(x: u8)"), "(: x u8)");
    assert_eq!(exp("(x as u8 as u64)"), "(as (as x u8) u64)");
    assert_eq!(exp("*v as u128"), "(as (* v) u128)");
    assert_eq!(exp("(e is V)"), "(is e V)");
    assert_eq!(exp("(e is m::E::A | m::E::B)"), "(is e m::E::A m::E::B)");
}

#[test]
fn type_arguments_need_the_angle_bracket_to_touch_the_name() {
    assert_eq!(exp("f<u64>(x)"), "(call f<u64> x)");
    assert_eq!(exp("a < b"), "(< a b)");
    assert_eq!(exp("f <u64> (x)"), "(> (< f u64) x)");
    assert_eq!(exp("m::f<vector<u8>>()"), "(call m::f<vector<u8>>)");
    assert_eq!(
        exp("borrow_global<S<T>>(a).f"),
        "(. (call borrow_global<S<T>> a) f)"
    );
    assert_eq!(exp("vector<vector<u8>>[]"), "(vector<vector<u8>>)");
    assert_eq!(exp("x.f<T>(1)"), "(method x f<T> 1)");
    assert_eq!(exp("x.f::<T>(1)"), "(method x f<T> 1)");
    assert_eq!(exp("x.f < y"), "(< (. x f) y)");
    assert_eq!(exp("S<T> {}"), "(pack S<T>)");
    assert_eq!(exp("0x1::m::f()"), "(call 0x1::m::f)");
    assert_eq!(exp("a::m::E::V"), "a::m::E::V");
}

#[test]
fn nested_generics_split_shift_tokens() {
    assert_eq!(
        body("let x: vector<vector<u8>> = y;"),
        "(let x: vector<vector<u8>> y);"
    );
    assert_eq!(
        body("let x: vector<vector<vector<u8>>> = y;"),
        "(let x: vector<vector<vector<u8>>> y);"
    );
    // `>=` right after a type argument list.
    assert_eq!(body("let x: vector<u8>= y;"), "(let x: vector<u8> y);");
    assert_eq!(
        body("let x: vector<vector<u8>>= y;"),
        "(let x: vector<vector<u8>> y);"
    );
}

#[test]
fn control_expressions_in_operators() {
    // A block ends the branch; the operator applies to the whole `if`.
    assert_eq!(exp("if (c) { 1 } else { 2 } + 3"), "(+ (if c {1} {2}) 3)");
    // Without a block the operator belongs to the else branch.
    assert_eq!(exp("if (c) 1 else 2 + 3"), "(if c 1 (+ 2 3))");
    assert_eq!(exp("return x + 1"), "(return (+ x 1))");
    assert_eq!(exp("abort 1 + 2"), "(abort (+ 1 2))");
    assert_eq!(exp("1 + if (c) 2 else 3"), "(+ 1 (if c 2 3))");
    assert_eq!(exp("loop { break } == ()"), "(== (loop {(break)}) ())");
    assert_eq!(body("if (c) { 1 } else { 2 }; x"), "(if c {1} {2}); x");
    assert_eq!(body("if (c) { a = 1 } x"), "(if c {(= a 1)}); x");
    assert_eq!(body("while (c) { f() } x"), "(while c {(call f)}); x");
    assert_eq!(body("match (e) { _ => 1 } x"), "(match e (_ => 1)); x");
}

#[test]
fn calls_and_chains() {
    assert_eq!(exp("f()(1)"), "(callv (call f) 1)");
    assert_eq!(exp("x.0.1"), "(. (. x 0) 1)");
    assert_eq!(exp("v[i][j].f"), "(. (index (index v i) j) f)");
    assert_eq!(exp("&R[@0x1].f"), "(& (. (index R @0x1) f))");
    assert_eq!(exp("x.g(1).h()"), "(method (method x g 1) h)");
    assert_eq!(exp("assert!(x, 1)"), "(macro assert x 1)");
    assert_eq!(exp("m::mac!(x)"), "(macro m::mac x)");
    assert_eq!(exp("vector[1, 2,]"), "(vector 1 2)");
    assert_eq!(exp("S { a: 1, b }"), "(pack S a=1 b=b)");
    assert_eq!(exp("(1, 2)"), "(tuple 1 2)");
    assert_eq!(exp("(1)"), "1");
    assert_eq!(exp("(1,)"), "1");
    assert_eq!(exp("()"), "()");
}

#[test]
fn lambdas() {
    assert_eq!(exp("|x| x + 1"), "(lambda (x) (+ x 1))");
    assert_eq!(exp("|x, y| x + y"), "(lambda (x y) (+ x y))");
    assert_eq!(exp("|x: u64| { x }"), "(lambda (x:u64) {x})");
    assert_eq!(exp("|| 1"), "(lambda () 1)");
    assert_eq!(exp("|S { f }| f"), "(lambda (S{f:f}) f)");
    assert_eq!(exp("move |x| x"), "(move-lambda (x) x)");
    assert_eq!(exp("f(|x| x, 1)"), "(call f (lambda (x) x) 1)");
    assert_eq!(exp("|x| |y| x + y"), "(lambda (x) (lambda (y) (+ x y)))");
    assert_eq!(exp("|x| a = x"), "(lambda (x) (= a x))");
}

#[test]
fn loops_and_labels() {
    assert_eq!(exp("for (i in 0..n) { f(i) }"), "(for i 0 n {(call f i)})");
    assert_eq!(
        exp("for (i in a.b..v.length()) x"),
        "(for i (. a b) (method v length) x)"
    );
    assert_eq!(exp("'l: loop { break 'l }"), "(loop 'l {(break 'l)})");
    assert_eq!(
        exp("'l: while (c) continue 'l"),
        "(while 'l c (continue 'l))"
    );
    assert_eq!(exp("for(a, b)"), "(call for a b)");
    assert_eq!(exp("return"), "(return)");
}

#[test]
fn match_arm_forms() {
    assert_eq!(
        exp("match (x) { A => 1, B => { 2 } C => 3 }"),
        "(match x (A => 1) (B => {2}) (C => 3))"
    );
    assert_eq!(
        exp("match (x) { m::E::V(a, b) if a > b => a, }"),
        "(match x (m::E::V(a b) if (> a b) => a))"
    );
    assert_eq!(
        exp("match (x) { E::V { a: E::W { b, .. }, .. } => b }"),
        "(match x (E::V{a:E::W{b:b ..} ..} => b))"
    );
    assert_eq!(
        exp("match (x) { -1 => 0, ..0 => 1, 10.. => 2 }"),
        "(match x (-1 => 0) (..0 => 1) (10.. => 2))"
    );
    assert_eq!(exp("match (x, y)"), "(call match x y)");
}

#[test]
fn spans_cover_parentheses_and_operators() {
    let src = "module 0x1::m { fun f() { (a + b) * c } }";
    let (ast, _) = parse_file(src, FileId(0));
    let ast = ast.unwrap();
    let Definition::Module(m) = &ast.definitions[0] else {
        panic!()
    };
    let ModuleMember::Function(f) = &m.members[0] else {
        panic!()
    };
    let FunctionBody::Defined(seq) = &f.body else {
        panic!()
    };
    let e = seq.trailing.as_ref().unwrap();
    assert_eq!(&src[e.span.range()], "(a + b) * c");
    let ExpKind::Binary(l, BinOp::Mul, r) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(&src[l.span.range()], "(a + b)");
    assert_eq!(&src[r.span.range()], "c");
    assert_eq!(&src[seq.span.range()], "{ (a + b) * c }");
    assert_eq!(&src[f.span.range()], "fun f() { (a + b) * c }");
    assert_eq!(&src[m.span.range()], src);
}
