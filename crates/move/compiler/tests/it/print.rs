//! A compact S-expression printer for the AST (to assert shapes and precedence), which also
//! checks that every span lies in the file and inside its parent's span.

use lumio_move_compiler::parser::ast::*;
use lumio_move_compiler::source::Span;
use std::fmt::Write;

pub(crate) struct Printer<'a> {
    src: &'a str,
    out: String,
    /// Span checks that failed.
    pub(crate) span_errors: Vec<String>,
    parents: Vec<Span>,
}

impl<'a> Printer<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Self {
            src,
            out: String::new(),
            span_errors: Vec::new(),
            parents: Vec::new(),
        }
    }

    pub(crate) fn finish(self) -> String {
        assert!(
            self.span_errors.is_empty(),
            "span errors: {:#?}",
            self.span_errors
        );
        self.out
    }

    fn check(&mut self, span: Span, what: &str) {
        let len = self.src.len() as u32;
        if span.start > span.end || span.end > len {
            self.span_errors.push(format!(
                "{what}: span {span:?} outside the file ({len} bytes)"
            ));
            return;
        }
        if !self.src.is_char_boundary(span.start as usize)
            || !self.src.is_char_boundary(span.end as usize)
        {
            self.span_errors
                .push(format!("{what}: span {span:?} not on character boundaries"));
        }
        if let Some(parent) = self.parents.last()
            && (span.start < parent.start || span.end > parent.end)
        {
            let text = &self.src[span.range()];
            self.span_errors.push(format!(
                "{what} {text:?}: span {span:?} outside its parent {parent:?}"
            ));
        }
    }

    fn enter(&mut self, span: Span, what: &str) {
        self.check(span, what);
        self.parents.push(span);
    }

    fn leave(&mut self) {
        self.parents.pop();
    }

    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }

    // -------------------------------------------------------------------------------------
    // Declarations (only their shape: names and bodies)

    pub(crate) fn file(&mut self, f: &File) {
        self.enter(f.span, "file");
        for d in &f.definitions {
            match d {
                Definition::Module(m) => self.module(m),
                Definition::Address(a) => {
                    self.enter(a.span, "address block");
                    let _ = writeln!(self.out, "address {} {{", a.address.name().value);
                    for m in &a.modules {
                        self.module(m);
                    }
                    self.w("}\n");
                    self.leave();
                }
                Definition::Script(s) => {
                    self.enter(s.span, "script");
                    self.w("script {\n");
                    for u in &s.uses {
                        self.use_decl(u);
                    }
                    for c in &s.constants {
                        self.constant(c);
                    }
                    self.function(&s.function);
                    self.w("}\n");
                    self.leave();
                }
            }
        }
        self.leave();
    }

    fn attributes(&mut self, attrs: &Attributes) {
        for g in attrs {
            self.enter(g.span, "attribute group");
            self.w("#[");
            for (i, a) in g.attributes.iter().enumerate() {
                if i > 0 {
                    self.w(", ");
                }
                self.attribute(a);
            }
            self.w("] ");
            self.leave();
        }
    }

    fn attribute(&mut self, a: &Attribute) {
        self.enter(a.span, "attribute");
        match &a.kind {
            AttributeKind::Name(n) => self.w(&n.value),
            AttributeKind::Assigned(n, v) => {
                self.w(&n.value);
                self.w(" = ");
                match v {
                    AttributeValue::Value(v) => self.value(v),
                    AttributeValue::Name(c) => self.chain(c),
                }
            }
            AttributeKind::Parameterized(n, inner) => {
                self.w(&n.value);
                self.w("(");
                for (i, a) in inner.iter().enumerate() {
                    if i > 0 {
                        self.w(", ");
                    }
                    self.attribute(a);
                }
                self.w(")");
            }
        }
        self.leave();
    }

    fn module(&mut self, m: &Module) {
        self.attributes(&m.attributes);
        self.enter(m.span, "module");
        let _ = write!(self.out, "module ");
        if let Some(a) = &m.address {
            let _ = write!(self.out, "{}::", a.name().value);
        }
        let _ = writeln!(self.out, "{} {{", m.name.value);
        for member in &m.members {
            match member {
                ModuleMember::Use(u) => self.use_decl(u),
                ModuleMember::Friend(f) => {
                    self.attributes(&f.attributes);
                    self.enter(f.span, "friend");
                    self.w("friend ");
                    self.chain(&f.friend);
                    self.w("\n");
                    self.leave();
                }
                ModuleMember::Constant(c) => self.constant(c),
                ModuleMember::Struct(s) => self.struct_def(s),
                ModuleMember::Function(f) => self.function(f),
            }
        }
        self.w("}\n");
        self.leave();
    }

    fn use_decl(&mut self, u: &UseDecl) {
        self.attributes(&u.attributes);
        self.enter(u.span, "use");
        self.w("use ");
        match &u.kind {
            UseKind::Module { module, alias } => {
                self.module_ident(module);
                if let Some(a) = alias {
                    let _ = write!(self.out, " as {}", a.value);
                }
            }
            UseKind::Members { module, members } => {
                self.module_ident(module);
                self.w("::{");
                for (i, (m, alias)) in members.iter().enumerate() {
                    if i > 0 {
                        self.w(", ");
                    }
                    self.w(&m.value);
                    if let Some(a) = alias {
                        let _ = write!(self.out, " as {}", a.value);
                    }
                }
                self.w("}");
            }
        }
        self.w("\n");
        self.leave();
    }

    fn module_ident(&mut self, m: &ModuleIdent) {
        self.enter(m.span, "module ident");
        let _ = write!(self.out, "{}::{}", m.address.name().value, m.module.value);
        self.leave();
    }

    fn constant(&mut self, c: &Constant) {
        self.attributes(&c.attributes);
        self.enter(c.span, "constant");
        let _ = write!(self.out, "const {}: ", c.name.value);
        self.ty(&c.ty);
        self.w(" = ");
        self.exp(&c.value);
        self.w("\n");
        self.leave();
    }

    fn abilities(&mut self, abilities: &[Ability]) {
        if abilities.is_empty() {
            return;
        }
        self.w(" has ");
        for (i, a) in abilities.iter().enumerate() {
            self.check(a.span, "ability");
            if i > 0 {
                self.w(",");
            }
            self.w(match a.kind {
                AbilityKind::Copy => "copy",
                AbilityKind::Drop => "drop",
                AbilityKind::Store => "store",
                AbilityKind::Key => "key",
            });
        }
    }

    fn fields(&mut self, fields: &[FieldDecl]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.w(", ");
            }
            let _ = write!(self.out, "{}: ", f.name.value);
            self.ty(&f.ty);
        }
    }

    fn struct_def(&mut self, s: &StructDef) {
        self.attributes(&s.attributes);
        self.enter(s.span, "struct");
        self.visibility(s.visibility);
        let _ = write!(self.out, "struct {}", s.name.value);
        if !s.type_parameters.is_empty() {
            self.w("<");
            for (i, tp) in s.type_parameters.iter().enumerate() {
                if i > 0 {
                    self.w(", ");
                }
                if tp.is_phantom {
                    self.w("phantom ");
                }
                self.w(&tp.name.value);
                self.constraints(&tp.constraints);
            }
            self.w(">");
        }
        self.abilities(&s.abilities);
        match &s.layout {
            StructLayout::Native(_) => self.w(" native"),
            StructLayout::Fields { fields, positional } => {
                self.w(if *positional { " (" } else { " {" });
                self.fields(fields);
                self.w(if *positional { ")" } else { "}" });
            }
            StructLayout::Variants(vs) => {
                self.w(" enum {");
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        self.w(", ");
                    }
                    self.attributes(&v.attributes);
                    self.enter(v.span, "variant");
                    self.w(&v.name.value);
                    if !v.fields.is_empty() || v.positional {
                        self.w(if v.positional { "(" } else { "{" });
                        self.fields(&v.fields);
                        self.w(if v.positional { ")" } else { "}" });
                    }
                    self.leave();
                }
                self.w("}");
            }
        }
        self.w("\n");
        self.leave();
    }

    fn constraints(&mut self, cs: &[Ability]) {
        if cs.is_empty() {
            return;
        }
        self.w(":");
        for (i, a) in cs.iter().enumerate() {
            if i > 0 {
                self.w("+");
            }
            self.w(match a.kind {
                AbilityKind::Copy => "copy",
                AbilityKind::Drop => "drop",
                AbilityKind::Store => "store",
                AbilityKind::Key => "key",
            });
        }
    }

    fn visibility(&mut self, v: Visibility) {
        self.w(match v {
            Visibility::Internal => "",
            Visibility::Public(_) => "public ",
            Visibility::Friend(_) => "public(friend) ",
            Visibility::Package(_) => "public(package) ",
        });
    }

    pub(crate) fn function(&mut self, f: &Function) {
        self.attributes(&f.attributes);
        self.enter(f.span, "function");
        self.visibility(f.visibility);
        if f.entry.is_some() {
            self.w("entry ");
        }
        if f.inline {
            self.w("inline ");
        }
        if matches!(f.body, FunctionBody::Native(_)) {
            self.w("native ");
        }
        let _ = write!(self.out, "fun {}", f.name.value);
        if !f.signature.type_parameters.is_empty() {
            self.w("<");
            for (i, tp) in f.signature.type_parameters.iter().enumerate() {
                if i > 0 {
                    self.w(", ");
                }
                self.w(&tp.name.value);
                self.constraints(&tp.constraints);
            }
            self.w(">");
        }
        self.w("(");
        for (i, (n, t)) in f.signature.parameters.iter().enumerate() {
            if i > 0 {
                self.w(", ");
            }
            let _ = write!(self.out, "{}: ", n.value);
            self.ty(t);
        }
        self.w("): ");
        self.ty(&f.signature.return_type);
        if let Some(specs) = &f.access_specifiers {
            if specs.is_empty() {
                self.w(" pure");
            }
            for a in specs {
                self.enter(a.span, "access specifier");
                self.w(if a.negated { " !" } else { " " });
                self.w(match a.kind {
                    AccessKind::Acquires => "acquires ",
                    AccessKind::Reads => "reads ",
                    AccessKind::Writes => "writes ",
                });
                self.chain(&a.resource);
                if let Some(t) = &a.type_args {
                    self.type_args(t);
                }
                match &a.address {
                    AddressSpecifier::Empty => {}
                    AddressSpecifier::Any => self.w("(*)"),
                    AddressSpecifier::Literal(n) | AddressSpecifier::Name(n) => {
                        let _ = write!(self.out, "({})", n.value);
                    }
                    AddressSpecifier::Call(c, t, n) => {
                        self.w("(");
                        self.chain(c);
                        if let Some(t) = t {
                            self.type_args(t);
                        }
                        let _ = write!(self.out, "({}))", n.value);
                    }
                }
                self.leave();
            }
        }
        match &f.body {
            FunctionBody::Native(_) => self.w(";"),
            FunctionBody::Defined(seq) => {
                self.w(" ");
                self.sequence(seq);
            }
        }
        self.w("\n");
        self.leave();
    }

    // -------------------------------------------------------------------------------------
    // Types, names, literals

    pub(crate) fn ty(&mut self, t: &Type) {
        self.enter(t.span, "type");
        match &t.kind {
            TypeKind::Apply(n, args) => {
                self.chain(n);
                if !args.is_empty() {
                    self.type_args(args);
                }
            }
            TypeKind::Ref { mutable, inner } => {
                self.w(if *mutable { "&mut " } else { "&" });
                self.ty(inner);
            }
            TypeKind::Fun {
                params,
                result,
                abilities,
            } => {
                self.w("|");
                for (i, p) in params.iter().enumerate() {
                    if i > 0 {
                        self.w(",");
                    }
                    self.ty(p);
                }
                self.w("|");
                self.ty(result);
                self.abilities(abilities);
            }
            TypeKind::Unit => self.w("()"),
            TypeKind::Tuple(ts) => {
                self.w("(");
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        self.w(",");
                    }
                    self.ty(t);
                }
                self.w(")");
            }
        }
        self.leave();
    }

    fn type_args(&mut self, ts: &[Type]) {
        self.w("<");
        for (i, t) in ts.iter().enumerate() {
            if i > 0 {
                self.w(",");
            }
            self.ty(t);
        }
        self.w(">");
    }

    fn chain(&mut self, c: &NameAccessChain) {
        self.enter(c.span, "name chain");
        self.check(c.root.span(), "leading name");
        self.w(&c.root.name().value);
        for n in &c.path {
            self.check(n.span, "name");
            self.w("::");
            self.w(&n.value);
        }
        self.leave();
    }

    fn value(&mut self, v: &Value) {
        self.enter(v.span, "value");
        match &v.kind {
            ValueKind::Address(a) => {
                let _ = write!(self.out, "@{}", a.name().value);
            }
            ValueKind::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            ValueKind::Num(n) => self.w(n),
            ValueKind::ByteString(b) => {
                let _ = write!(self.out, "b{:?}", String::from_utf8_lossy(b));
            }
            ValueKind::HexString(b) => {
                let _ = write!(self.out, "x{b:02x?}");
            }
        }
        self.leave();
    }

    // -------------------------------------------------------------------------------------
    // Expressions

    fn list(&mut self, es: &[Exp]) {
        for e in es {
            self.w(" ");
            self.exp(e);
        }
    }

    pub(crate) fn exp(&mut self, e: &Exp) {
        self.enter(e.span, "expression");
        match &e.kind {
            ExpKind::Value(v) => self.value(v),
            ExpKind::Move(n) => {
                let _ = write!(self.out, "(move {})", n.value);
            }
            ExpKind::Copy(n) => {
                let _ = write!(self.out, "(copy {})", n.value);
            }
            ExpKind::Name(n, targs) => {
                self.chain(n);
                if let Some(t) = targs {
                    self.type_args(t);
                }
            }
            ExpKind::Call {
                name,
                kind,
                type_args,
                args,
            } => {
                self.w(match kind {
                    CallKind::Regular => "(call ",
                    CallKind::Macro => "(macro ",
                });
                self.chain(name);
                if let Some(t) = type_args {
                    self.type_args(t);
                }
                self.list(args);
                self.w(")");
            }
            ExpKind::MethodCall {
                receiver,
                method,
                type_args,
                args,
            } => {
                self.w("(method ");
                self.exp(receiver);
                let _ = write!(self.out, " {}", method.value);
                if let Some(t) = type_args {
                    self.type_args(t);
                }
                self.list(args);
                self.w(")");
            }
            ExpKind::ExpCall(f, args) => {
                self.w("(callv ");
                self.exp(f);
                self.list(args);
                self.w(")");
            }
            ExpKind::Pack(n, targs, fields) => {
                self.w("(pack ");
                self.chain(n);
                if let Some(t) = targs {
                    self.type_args(t);
                }
                for (f, e) in fields {
                    let _ = write!(self.out, " {}=", f.value);
                    self.exp(e);
                }
                self.w(")");
            }
            ExpKind::Vector(targs, es) => {
                self.w("(vector");
                if let Some(t) = targs {
                    self.type_args(t);
                }
                self.list(es);
                self.w(")");
            }
            ExpKind::IfElse(c, t, e) => {
                self.w("(if ");
                self.exp(c);
                self.w(" ");
                self.exp(t);
                if let Some(e) = e {
                    self.w(" ");
                    self.exp(e);
                }
                self.w(")");
            }
            ExpKind::While(l, c, b) => {
                self.w("(while ");
                if let Some(l) = l {
                    let _ = write!(self.out, "{} ", l.value);
                }
                self.exp(c);
                self.w(" ");
                self.exp(b);
                self.w(")");
            }
            ExpKind::Loop(l, b) => {
                self.w("(loop ");
                if let Some(l) = l {
                    let _ = write!(self.out, "{} ", l.value);
                }
                self.exp(b);
                self.w(")");
            }
            ExpKind::For {
                var,
                lower,
                upper,
                body,
            } => {
                let _ = write!(self.out, "(for {} ", var.value);
                self.exp(lower);
                self.w(" ");
                self.exp(upper);
                self.w(" ");
                self.exp(body);
                self.w(")");
            }
            ExpKind::Match(subject, arms) => {
                self.w("(match ");
                self.exp(subject);
                for arm in arms {
                    self.enter(arm.span, "match arm");
                    self.w(" (");
                    self.bind_list(&arm.binds);
                    if let Some(g) = &arm.guard {
                        self.w(" if ");
                        self.exp(g);
                    }
                    self.w(" => ");
                    self.exp(&arm.body);
                    self.w(")");
                    self.leave();
                }
                self.w(")");
            }
            ExpKind::Block(seq) => self.sequence(seq),
            ExpKind::Lambda {
                params,
                body,
                capture,
            } => {
                self.w(match capture {
                    CaptureKind::Default => "(lambda (",
                    CaptureKind::Move => "(move-lambda (",
                    CaptureKind::Copy => "(copy-lambda (",
                });
                for (i, p) in params.iter().enumerate() {
                    self.enter(p.span, "lambda parameter");
                    if i > 0 {
                        self.w(" ");
                    }
                    self.bind(&p.bind);
                    if let Some(t) = &p.ty {
                        self.w(":");
                        self.ty(t);
                    }
                    self.leave();
                }
                self.w(") ");
                self.exp(body);
                self.w(")");
            }
            ExpKind::ExpList(es) => {
                self.w("(tuple");
                self.list(es);
                self.w(")");
            }
            ExpKind::Unit => self.w("()"),
            ExpKind::Assign { lhs, op, rhs } => {
                self.w("(");
                if let Some(op) = op {
                    self.w(op.as_str());
                }
                self.w("= ");
                self.exp(lhs);
                self.w(" ");
                self.exp(rhs);
                self.w(")");
            }
            ExpKind::Return(e) => {
                self.w("(return");
                if let Some(e) = e {
                    self.w(" ");
                    self.exp(e);
                }
                self.w(")");
            }
            ExpKind::Abort(e) => {
                self.w("(abort ");
                self.exp(e);
                self.w(")");
            }
            ExpKind::Break(l) => {
                self.w("(break");
                if let Some(l) = l {
                    let _ = write!(self.out, " {}", l.value);
                }
                self.w(")");
            }
            ExpKind::Continue(l) => {
                self.w("(continue");
                if let Some(l) = l {
                    let _ = write!(self.out, " {}", l.value);
                }
                self.w(")");
            }
            ExpKind::Dereference(e) => {
                self.w("(* ");
                self.exp(e);
                self.w(")");
            }
            ExpKind::Unary(op, e) => {
                self.w(match op {
                    UnaryOp::Not => "(! ",
                    UnaryOp::Neg => "(- ",
                });
                self.exp(e);
                self.w(")");
            }
            ExpKind::Binary(l, op, r) => {
                let _ = write!(self.out, "({} ", op.as_str());
                self.exp(l);
                self.w(" ");
                self.exp(r);
                self.w(")");
            }
            ExpKind::Borrow { mutable, exp } => {
                self.w(if *mutable { "(&mut " } else { "(& " });
                self.exp(exp);
                self.w(")");
            }
            ExpKind::Dot(e, f) => {
                self.w("(. ");
                self.exp(e);
                let _ = write!(self.out, " {})", f.value);
            }
            ExpKind::Index(e, i) => {
                self.w("(index ");
                self.exp(e);
                self.w(" ");
                self.exp(i);
                self.w(")");
            }
            ExpKind::Cast(e, t) => {
                self.w("(as ");
                self.exp(e);
                self.w(" ");
                self.ty(t);
                self.w(")");
            }
            ExpKind::Annotate(e, t) => {
                self.w("(: ");
                self.exp(e);
                self.w(" ");
                self.ty(t);
                self.w(")");
            }
            ExpKind::Test(e, ts) => {
                self.w("(is ");
                self.exp(e);
                for t in ts {
                    self.w(" ");
                    self.ty(t);
                }
                self.w(")");
            }
            ExpKind::Spec => self.w("spec"),
        }
        self.leave();
    }

    pub(crate) fn sequence(&mut self, seq: &Sequence) {
        self.enter(seq.span, "block");
        self.w("{");
        for u in &seq.uses {
            self.use_decl(u);
        }
        for (i, item) in seq.items.iter().enumerate() {
            self.enter(item.span, "statement");
            if i > 0 {
                self.w(" ");
            }
            match &item.kind {
                SequenceItemKind::Exp(e) => self.exp(e),
                SequenceItemKind::Let { binds, ty, value } => {
                    self.w("(let ");
                    self.bind_list(binds);
                    if let Some(t) = ty {
                        self.w(": ");
                        self.ty(t);
                    }
                    if let Some(v) = value {
                        self.w(" ");
                        self.exp(v);
                    }
                    self.w(")");
                }
            }
            self.w(";");
            self.leave();
        }
        if let Some(t) = &seq.trailing {
            if !seq.items.is_empty() {
                self.w(" ");
            }
            self.exp(t);
        }
        self.w("}");
        self.leave();
    }

    fn bind_list(&mut self, b: &BindList) {
        self.enter(b.span, "pattern list");
        if b.binds.len() == 1 {
            self.bind(&b.binds[0]);
        } else {
            self.w("(");
            for (i, x) in b.binds.iter().enumerate() {
                if i > 0 {
                    self.w(" ");
                }
                self.bind(x);
            }
            self.w(")");
        }
        self.leave();
    }

    fn bind(&mut self, b: &Bind) {
        self.enter(b.span, "pattern");
        match &b.kind {
            BindKind::Var(n) => self.w(&n.value),
            BindKind::Unpack {
                name,
                type_args,
                fields,
            } => {
                self.chain(name);
                if let Some(t) = type_args {
                    self.type_args(t);
                }
                match fields {
                    BindFields::None => {}
                    BindFields::Named(fs) => {
                        self.w("{");
                        for (i, f) in fs.iter().enumerate() {
                            if i > 0 {
                                self.w(" ");
                            }
                            match f {
                                FieldBind::Field(n, b) => {
                                    let _ = write!(self.out, "{}:", n.value);
                                    self.bind(b);
                                }
                                FieldBind::Rest(_) => self.w(".."),
                            }
                        }
                        self.w("}");
                    }
                    BindFields::Positional(ps) => {
                        self.w("(");
                        for (i, p) in ps.iter().enumerate() {
                            if i > 0 {
                                self.w(" ");
                            }
                            match p {
                                PositionalBind::Bind(b) => self.bind(b),
                                PositionalBind::Rest(_) => self.w(".."),
                            }
                        }
                        self.w(")");
                    }
                }
            }
            BindKind::Literal(v) => self.value(v),
            BindKind::Range { lo, hi, inclusive } => {
                if let Some(v) = lo {
                    self.value(v);
                }
                self.w(if *inclusive { "..=" } else { ".." });
                if let Some(v) = hi {
                    self.value(v);
                }
            }
        }
        self.leave();
    }
}

/// Prints a whole file (and checks its spans).
pub(crate) fn print_file(src: &str, f: &File) -> String {
    let mut p = Printer::new(src);
    p.file(f);
    p.finish()
}
