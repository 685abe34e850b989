//! Expressions, blocks and patterns.
//!
//! Layers, loosest first: [`Parser::exp`] (lambda, assignment, `as`/`is`, binary operators) →
//! [`Parser::unary`] (`! - & &mut * move copy`) → dot/index/call chain → [`Parser::term`]
//! (literals, names, calls, packs, `( .. )`, blocks, control expressions).

use super::{PResult, Parser};
use crate::parser::ast::*;
use crate::parser::lexer::TokenKind;
use crate::source::Span;

/// Binary operator of a token, with its precedence (see [`BinOp::precedence`]).
fn binop(kind: TokenKind) -> Option<BinOp> {
    use TokenKind::*;
    Some(match kind {
        EqualEqualGreater => BinOp::Implies,
        LessEqualEqualGreater => BinOp::Iff,
        PipePipe => BinOp::Or,
        AmpAmp => BinOp::And,
        EqualEqual => BinOp::Eq,
        ExclaimEqual => BinOp::Neq,
        Less => BinOp::Lt,
        Greater => BinOp::Gt,
        LessEqual => BinOp::Le,
        GreaterEqual => BinOp::Ge,
        PeriodPeriod => BinOp::Range,
        Pipe => BinOp::BitOr,
        Caret => BinOp::Xor,
        Amp => BinOp::BitAnd,
        LessLess => BinOp::Shl,
        GreaterGreater => BinOp::Shr,
        Plus => BinOp::Add,
        Minus => BinOp::Sub,
        Star => BinOp::Mul,
        Slash => BinOp::Div,
        Percent => BinOp::Mod,
        _ => return None,
    })
}

fn precedence(kind: TokenKind) -> u8 {
    binop(kind).map_or(0, BinOp::precedence)
}

/// The operator of a compound assignment token (`+=` is `Add`).
fn compound_assign(kind: TokenKind) -> Option<BinOp> {
    use TokenKind::*;
    Some(match kind {
        PlusEqual => BinOp::Add,
        MinusEqual => BinOp::Sub,
        StarEqual => BinOp::Mul,
        PercentEqual => BinOp::Mod,
        SlashEqual => BinOp::Div,
        PipeEqual => BinOp::BitOr,
        AmpEqual => BinOp::BitAnd,
        CaretEqual => BinOp::Xor,
        LessLessEqual => BinOp::Shl,
        GreaterGreaterEqual => BinOp::Shr,
        _ => return None,
    })
}

/// Whether a statement ends with `}` (then its `;` is optional).
fn ends_with_block(e: &Exp) -> bool {
    match &e.kind {
        ExpKind::Block(_) | ExpKind::Match(..) | ExpKind::Spec | ExpKind::For { .. } => true,
        ExpKind::IfElse(_, then, els) => ends_with_block(els.as_deref().unwrap_or(then)),
        ExpKind::While(_, _, body) | ExpKind::Loop(_, body) => ends_with_block(body),
        _ => false,
    }
}

impl Parser<'_> {
    fn exp_at(&self, kind: ExpKind, start: u32) -> Exp {
        Exp {
            kind,
            span: self.span_from(start),
        }
    }

    /// Tokens that may follow an expression and never start one.
    fn at_end_of_exp(&self) -> bool {
        use TokenKind::*;
        matches!(
            self.peek(),
            Else | RBrace | RParen | Comma | Colon | Semicolon
        )
    }

    /// Tokens that start an expression (for the optional operand of `return`).
    fn at_start_of_exp(&self) -> bool {
        use TokenKind::*;
        matches!(
            self.peek(),
            Number
                | TypedNumber
                | ByteString
                | HexString
                | Identifier
                | AtSign
                | Copy
                | Move
                | False
                | True
                | Amp
                | AmpMut
                | Star
                | Exclaim
                | Minus
                | LParen
                | LBrace
                | Abort
                | Break
                | Continue
                | If
                | Loop
                | Return
                | While
        )
    }

    /// A full expression.
    pub(super) fn exp(&mut self) -> PResult<Exp> {
        self.nested(|p| p.exp_inner())
    }

    fn exp_inner(&mut self) -> PResult<Exp> {
        let start = self.start();
        match self.peek() {
            TokenKind::Move | TokenKind::Copy
                if matches!(self.nth(1), TokenKind::Pipe | TokenKind::PipePipe) =>
            {
                let capture = if self.bump().kind == TokenKind::Move {
                    CaptureKind::Move
                } else {
                    CaptureKind::Copy
                };
                return self.lambda(start, capture);
            }
            TokenKind::Pipe | TokenKind::PipePipe => {
                return self.lambda(start, CaptureKind::Default);
            }
            _ => {}
        }
        let lhs = self.unary()?;
        if self.eat(TokenKind::Equal) {
            let rhs = self.exp()?;
            let kind = ExpKind::Assign {
                lhs: Box::new(lhs),
                op: None,
                rhs: Box::new(rhs),
            };
            return Ok(self.exp_at(kind, start));
        }
        if let Some(op) = compound_assign(self.peek()) {
            self.bump();
            let rhs = self.exp()?;
            let kind = ExpKind::Assign {
                lhs: Box::new(lhs),
                op: Some(op),
                rhs: Box::new(rhs),
            };
            return Ok(self.exp_at(kind, start));
        }
        // `e as T` / `e is V` without parentheses apply to a unary expression only, and end
        // the expression (as in Aptos).
        match self.cast_or_test(lhs, false)? {
            Ok(kind) => Ok(self.exp_at(kind, start)),
            Err(lhs) => self.binary(lhs, 1),
        }
    }

    /// `: T` (only in parentheses), `as T`, `is V1 | V2` after `e`; gives `e` back if none
    /// follows.
    fn cast_or_test(&mut self, e: Exp, allow_annotation: bool) -> PResult<Result<ExpKind, Exp>> {
        if allow_annotation && self.eat(TokenKind::Colon) {
            let ty = self.ty()?;
            return Ok(Ok(ExpKind::Annotate(Box::new(e), ty)));
        }
        if self.eat(TokenKind::As) {
            let ty = self.ty()?;
            return Ok(Ok(ExpKind::Cast(Box::new(e), ty)));
        }
        if self.at_word("is") {
            self.bump();
            let mut tys = vec![self.ty()?];
            while self.eat(TokenKind::Pipe) {
                tys.push(self.ty()?);
            }
            return Ok(Ok(ExpKind::Test(Box::new(e), tys)));
        }
        Ok(Err(e))
    }

    /// Precedence climbing over left-associative binary operators of at least `min_prec`.
    fn binary(&mut self, lhs: Exp, min_prec: u8) -> PResult<Exp> {
        let mut result = lhs;
        let mut next_prec = precedence(self.peek());
        let mut operators = 0;
        while next_prec >= min_prec && next_prec > 0 {
            // `a + b + ..` nests to the left, one level per operator.
            operators += 1;
            if self.too_deep_with(operators) {
                return Err(self.too_deep());
            }
            let op_tok = self.bump();
            let op = binop(op_tok.kind).expect("precedence > 0 means a binary operator");
            let mut rhs = self.unary()?;
            let this_prec = next_prec;
            next_prec = precedence(self.peek());
            if this_prec < next_prec {
                rhs = self.binary(rhs, this_prec + 1)?;
                next_prec = precedence(self.peek());
            }
            let span = result.span.to(rhs.span);
            result = Exp {
                kind: ExpKind::Binary(Box::new(result), op, Box::new(rhs)),
                span,
            };
        }
        Ok(result)
    }

    /// `! e`, `- e`, `& e`, `&mut e`, `* e`, `move x`, `copy x`, or a dot/index/call chain.
    pub(super) fn unary(&mut self) -> PResult<Exp> {
        self.nested(|p| p.unary_inner())
    }

    fn unary_inner(&mut self) -> PResult<Exp> {
        let start = self.start();
        let kind = match self.peek() {
            TokenKind::Exclaim => {
                self.bump();
                ExpKind::Unary(UnaryOp::Not, Box::new(self.unary()?))
            }
            TokenKind::Minus => {
                self.bump();
                let e = self.unary()?;
                match e.kind {
                    // A negative literal (signed integers).
                    ExpKind::Value(Value {
                        kind: ValueKind::Num(n),
                        ..
                    }) => ExpKind::Value(Value {
                        kind: ValueKind::Num(format!("-{n}")),
                        span: self.span_from(start),
                    }),
                    _ => ExpKind::Unary(UnaryOp::Neg, Box::new(e)),
                }
            }
            TokenKind::Amp | TokenKind::AmpMut => {
                let mutable = self.bump().kind == TokenKind::AmpMut;
                ExpKind::Borrow {
                    mutable,
                    exp: Box::new(self.unary()?),
                }
            }
            TokenKind::Star => {
                self.bump();
                ExpKind::Dereference(Box::new(self.unary()?))
            }
            TokenKind::Move => {
                self.bump();
                ExpKind::Move(self.ident()?)
            }
            TokenKind::Copy => {
                self.bump();
                ExpKind::Copy(self.ident()?)
            }
            _ => {
                let term = self.term()?;
                return self.chain(start, term);
            }
        };
        Ok(self.exp_at(kind, start))
    }

    /// `.f`, `.0`, `.f(..)`, `.f<T>(..)`, `[i]`, `(..)` after an expression.
    fn chain(&mut self, start: u32, mut lhs: Exp) -> PResult<Exp> {
        let mut links = 0;
        loop {
            links += 1;
            if self.too_deep_with(links)
                && matches!(
                    self.peek(),
                    TokenKind::Period | TokenKind::LBracket | TokenKind::LParen
                )
            {
                return Err(self.too_deep());
            }
            let kind = match self.peek() {
                TokenKind::Period => {
                    self.bump();
                    let name = match self.peek() {
                        TokenKind::Identifier => self.ident()?,
                        TokenKind::Number if self.text().bytes().all(|b| b.is_ascii_digit()) => {
                            let t = self.bump();
                            Name {
                                value: t.text(self.src).to_string(),
                                span: self.token_span(t),
                            }
                        }
                        _ => {
                            return Err(self
                                .unexpected("a field name or a positional field ('0', '1', ..)"));
                        }
                    };
                    // `x.f<T>(..)`: type arguments when `<` touches the name; `x.f::<T>(..)`
                    // is the older spelling.
                    let generics = if self.at(TokenKind::Less) && self.start() == name.span.end {
                        true
                    } else if self.at(TokenKind::ColonColon) && self.nth(1) == TokenKind::Less {
                        self.bump();
                        true
                    } else {
                        false
                    };
                    if generics || self.at(TokenKind::LParen) {
                        let type_args = if generics {
                            Some(self.comma_list(
                                TokenKind::Less,
                                TokenKind::Greater,
                                "a type",
                                |p| p.ty(),
                            )?)
                        } else {
                            None
                        };
                        let args = self.call_args()?;
                        ExpKind::MethodCall {
                            receiver: Box::new(lhs),
                            method: name,
                            type_args,
                            args,
                        }
                    } else {
                        ExpKind::Dot(Box::new(lhs), name)
                    }
                }
                TokenKind::LBracket => {
                    self.bump();
                    let index = self.exp()?;
                    self.expect(TokenKind::RBracket)?;
                    ExpKind::Index(Box::new(lhs), Box::new(index))
                }
                TokenKind::LParen => ExpKind::ExpCall(Box::new(lhs), self.call_args()?),
                _ => return Ok(lhs),
            };
            lhs = self.exp_at(kind, start);
        }
    }

    fn call_args(&mut self) -> PResult<Vec<Exp>> {
        self.comma_list(TokenKind::LParen, TokenKind::RParen, "an argument", |p| {
            p.exp()
        })
    }

    /// The innermost layer of expressions.
    fn term(&mut self) -> PResult<Exp> {
        let start = self.start();
        let kind = match self.peek() {
            TokenKind::If
            | TokenKind::While
            | TokenKind::Loop
            | TokenKind::Return
            | TokenKind::Abort
            | TokenKind::Label => {
                let (e, ends_in_block) = self.control()?;
                if !ends_in_block || self.at_end_of_exp() {
                    return Ok(e);
                }
                // `if (c) { a } else { b } + 1` continues as a binary expression.
                return self.binary(e, 1);
            }
            TokenKind::Identifier if self.text() == "match" && self.nth(1) == TokenKind::LParen => {
                let e = self.match_exp()?;
                if self.at_end_of_exp() {
                    return Ok(e);
                }
                return self.binary(e, 1);
            }
            TokenKind::Identifier
                if self.text() == "for"
                    && self.nth(1) == TokenKind::LParen
                    && self.nth(3) == TokenKind::Identifier =>
            {
                return self.for_loop();
            }
            TokenKind::Identifier
                if self.text() == "vector"
                    && matches!(self.nth(1), TokenKind::Less | TokenKind::LBracket) =>
            {
                self.bump();
                let type_args = self.optional_type_args()?;
                let elems = self.comma_list(
                    TokenKind::LBracket,
                    TokenKind::RBracket,
                    "an element",
                    |p| p.exp(),
                )?;
                ExpKind::Vector(type_args, elems)
            }
            TokenKind::Break => {
                self.bump();
                let label = self.optional_label();
                if self.at_start_of_exp() {
                    let d = *self.unexpected("the end of the expression");
                    return Err(Box::new(
                        d.with_note("'break' with a value is not supported"),
                    ));
                }
                ExpKind::Break(label)
            }
            TokenKind::Continue => {
                self.bump();
                ExpKind::Continue(self.optional_label())
            }
            TokenKind::Identifier => self.name_exp()?,
            TokenKind::Number if self.nth(1) == TokenKind::ColonColon => self.name_exp()?,
            TokenKind::AtSign
            | TokenKind::True
            | TokenKind::False
            | TokenKind::Number
            | TokenKind::TypedNumber
            | TokenKind::ByteString
            | TokenKind::HexString => {
                let v = self.maybe_value()?.expect("a literal starts here");
                ExpKind::Value(v)
            }
            TokenKind::LParen => {
                let open = self.bump();
                if self.eat(TokenKind::RParen) {
                    ExpKind::Unit
                } else {
                    let e = self.exp()?;
                    match self.cast_or_test(e, true)? {
                        Ok(kind) => {
                            self.expect(TokenKind::RParen)?;
                            kind
                        }
                        // Parentheses only group.
                        Err(e) if self.eat(TokenKind::RParen) => e.kind,
                        Err(e) => {
                            if !self.at(TokenKind::Comma) {
                                let d = *self.unexpected("',' or ')'");
                                return Err(Box::new(
                                    d.with_secondary(self.token_span(open), "to match this '('"),
                                ));
                            }
                            self.bump();
                            let mut rest = self.comma_list_after_open(
                                open,
                                TokenKind::RParen,
                                "an expression",
                                &mut |p| p.exp(),
                            )?;
                            if rest.is_empty() {
                                // `(e,)` is `e`.
                                e.kind
                            } else {
                                rest.insert(0, e);
                                ExpKind::ExpList(rest)
                            }
                        }
                    }
                }
            }
            TokenKind::LBrace => ExpKind::Block(self.block()?),
            TokenKind::Spec => {
                self.skip_code_spec_block()?;
                ExpKind::Spec
            }
            _ => return Err(self.unexpected("an expression")),
        };
        Ok(self.exp_at(kind, start))
    }

    fn optional_label(&mut self) -> Option<Name> {
        if self.at(TokenKind::Label) {
            let t = self.bump();
            Some(Name {
                value: t.text(self.src).to_string(),
                span: self.token_span(t),
            })
        } else {
            None
        }
    }

    /// `if`, `while`, `loop`, `return`, `abort`, `'l: loop`. The flag says whether the
    /// expression ends with a block (`{ .. }` as its last part).
    fn control(&mut self) -> PResult<(Exp, bool)> {
        let start = self.start();
        let label = self.optional_label();
        if label.is_some() {
            self.expect(TokenKind::Colon)?;
            if !matches!(self.peek(), TokenKind::While | TokenKind::Loop) {
                return Err(self.unexpected("'while' or 'loop' after a label"));
            }
        }
        let (kind, ends_in_block) = match self.peek() {
            TokenKind::If => {
                self.bump();
                self.expect(TokenKind::LParen)?;
                let cond = self.exp()?;
                self.expect(TokenKind::RParen)?;
                let (then, mut ends) = self.exp_or_block()?;
                let els = if self.eat(TokenKind::Else) {
                    let (e, ends_else) = self.exp_or_block()?;
                    ends = ends_else;
                    Some(Box::new(e))
                } else {
                    None
                };
                (ExpKind::IfElse(Box::new(cond), Box::new(then), els), ends)
            }
            TokenKind::While => {
                self.bump();
                self.expect(TokenKind::LParen)?;
                let cond = self.exp()?;
                self.expect(TokenKind::RParen)?;
                let (body, mut ends) = self.exp_or_block()?;
                // `while (c) body spec { invariant .. }`: the loop invariant is dropped.
                if self.at(TokenKind::Spec) {
                    self.skip_code_spec_block()?;
                    ends = true;
                }
                (ExpKind::While(label, Box::new(cond), Box::new(body)), ends)
            }
            TokenKind::Loop => {
                self.bump();
                let (body, ends) = self.exp_or_block()?;
                (ExpKind::Loop(label, Box::new(body)), ends)
            }
            TokenKind::Return => {
                self.bump();
                if self.at_start_of_exp() {
                    let (e, ends) = self.exp_or_block()?;
                    (ExpKind::Return(Some(Box::new(e))), ends)
                } else {
                    (ExpKind::Return(None), false)
                }
            }
            TokenKind::Abort => {
                self.bump();
                let (e, ends) = self.exp_or_block()?;
                (ExpKind::Abort(Box::new(e)), ends)
            }
            _ => return Err(self.unexpected("'if', 'while', 'loop', 'return' or 'abort'")),
        };
        Ok((self.exp_at(kind, start), ends_in_block))
    }

    /// A block (only the block: `if (c) { a } else { b } + 1` adds to the `if`), or an
    /// expression. The flag says which.
    fn exp_or_block(&mut self) -> PResult<(Exp, bool)> {
        if self.at(TokenKind::LBrace) {
            let start = self.start();
            let seq = self.nested(|p| p.block())?;
            Ok((self.exp_at(ExpKind::Block(seq), start), true))
        } else {
            Ok((self.exp()?, false))
        }
    }

    /// `for (i in lo..hi [spec { .. }]) body`, at `for`; the bounds are unary expressions.
    fn for_loop(&mut self) -> PResult<Exp> {
        let start = self.start();
        self.bump(); // `for`
        self.expect(TokenKind::LParen)?;
        let var = self.ident()?;
        self.expect_word("in")?;
        let lower = self.unary()?;
        self.expect(TokenKind::PeriodPeriod)?;
        let upper = self.unary()?;
        if self.at(TokenKind::Spec) {
            self.skip_code_spec_block()?;
        }
        self.expect(TokenKind::RParen)?;
        let (body, _) = self.exp_or_block()?;
        let kind = ExpKind::For {
            var,
            lower: Box::new(lower),
            upper: Box::new(upper),
            body: Box::new(body),
        };
        Ok(self.exp_at(kind, start))
    }

    /// `match (e) { arms }`, at `match` followed by `(`. Without the `{` after `(e)` this is a
    /// call of a function named `match`.
    fn match_exp(&mut self) -> PResult<Exp> {
        let start = self.start();
        let name = self.ident()?;
        let name_chain = NameAccessChain {
            span: name.span,
            root: LeadingName::Name(name),
            path: Vec::new(),
        };
        let open = self.bump(); // `(`
        let call = |p: &mut Self, args: Vec<Exp>| {
            let kind = ExpKind::Call {
                name: name_chain.clone(),
                kind: CallKind::Regular,
                type_args: None,
                args,
            };
            Ok(p.exp_at(kind, start))
        };
        if self.eat(TokenKind::RParen) {
            return call(self, Vec::new());
        }
        let subject = self.exp()?;
        if !(self.at(TokenKind::RParen) && self.nth(1) == TokenKind::LBrace) {
            let mut args = vec![subject];
            if self.eat(TokenKind::Comma) {
                args.extend(self.comma_list_after_open(
                    open,
                    TokenKind::RParen,
                    "an argument",
                    &mut |p| p.exp(),
                )?);
            } else {
                self.expect(TokenKind::RParen)?;
            }
            return call(self, args);
        }
        self.bump(); // `)`
        let open_brace = self.bump(); // `{`
        let mut arms = Vec::new();
        while !self.at(TokenKind::RBrace) {
            if self.at(TokenKind::Eof) {
                return Err(self.unclosed(open_brace));
            }
            let arm_start = self.start();
            let binds = self.bind_list()?;
            let guard = if self.eat(TokenKind::If) {
                Some(self.exp()?)
            } else {
                None
            };
            self.expect(TokenKind::EqualGreater)?;
            let (body, is_block) = self.exp_or_block()?;
            // After a block body the comma is optional.
            if (!is_block && !self.at(TokenKind::RBrace)) || self.at(TokenKind::Comma) {
                self.expect(TokenKind::Comma)?;
            }
            arms.push(MatchArm {
                binds,
                guard,
                body,
                span: self.span_from(arm_start),
            });
        }
        self.bump();
        Ok(self.exp_at(ExpKind::Match(Box::new(subject), arms), start))
    }

    /// A name and what follows it: `x`, `m::f(..)`, `f<T>(..)`, `assert!(..)`,
    /// `S { f: e }`, `S<T> {}`.
    fn name_exp(&mut self) -> PResult<ExpKind> {
        let name = self.name_chain(false, "a name")?;
        if self.at(TokenKind::Exclaim) {
            self.bump();
            let args = self.call_args()?;
            return Ok(ExpKind::Call {
                name,
                kind: CallKind::Macro,
                type_args: None,
                args,
            });
        }
        // `name<` is a type argument list only when `<` touches the name; `a < b` compares.
        let type_args = if self.at(TokenKind::Less) && self.start() == name.span.end {
            Some(
                self.comma_list(TokenKind::Less, TokenKind::Greater, "a type", |p| p.ty())
                    .map_err(|d| {
                        Box::new(
                            (*d).with_note("for a comparison, put a space before '<': 'a < b'"),
                        )
                    })?,
            )
        } else {
            None
        };
        Ok(match self.peek() {
            TokenKind::LBrace => {
                let fields =
                    self.comma_list(TokenKind::LBrace, TokenKind::RBrace, "a field", |p| {
                        let field = p.ident()?;
                        let value = if p.eat(TokenKind::Colon) {
                            p.exp()?
                        } else {
                            // `S { f }` is `S { f: f }`.
                            Exp {
                                span: field.span,
                                kind: ExpKind::Name(
                                    NameAccessChain {
                                        span: field.span,
                                        root: LeadingName::Name(field.clone()),
                                        path: Vec::new(),
                                    },
                                    None,
                                ),
                            }
                        };
                        Ok((field, value))
                    })?;
                ExpKind::Pack(name, type_args, fields)
            }
            TokenKind::LParen => ExpKind::Call {
                name,
                kind: CallKind::Regular,
                type_args,
                args: self.call_args()?,
            },
            _ => ExpKind::Name(name, type_args),
        })
    }

    /// `|binds| body` (after a `move`/`copy` modifier, if any), at `|` or `||`.
    fn lambda(&mut self, start: u32, capture: CaptureKind) -> PResult<Exp> {
        let params = if self.at(TokenKind::PipePipe) {
            self.bump();
            Vec::new()
        } else if self.at(TokenKind::Pipe) {
            self.comma_list(TokenKind::Pipe, TokenKind::Pipe, "a parameter", |p| {
                let start = p.start();
                let bind = p.bind()?;
                let ty = if p.eat(TokenKind::Colon) {
                    Some(p.ty()?)
                } else {
                    None
                };
                Ok(TypedBind {
                    bind,
                    ty,
                    span: p.span_from(start),
                })
            })?
        } else {
            return Err(self.unexpected("'|' (lambda parameters)"));
        };
        let body = self.exp()?;
        // `|x| e spec { .. }`: a specification of the lambda, dropped.
        if self.at(TokenKind::Spec) {
            self.skip_code_spec_block()?;
        }
        let kind = ExpKind::Lambda {
            params,
            body: Box::new(body),
            capture,
        };
        Ok(self.exp_at(kind, start))
    }

    // ---------------------------------------------------------------------------------------
    // Blocks

    /// `{ uses; items; trailing }`, at `{`.
    pub(super) fn block(&mut self) -> PResult<Sequence> {
        let open = self.expect(TokenKind::LBrace)?;
        let mut uses = Vec::new();
        while self.at(TokenKind::Use) {
            uses.push(self.use_decl(Vec::new())?);
        }
        let mut items = Vec::new();
        let mut trailing = None;
        loop {
            match self.peek() {
                TokenKind::RBrace => break,
                TokenKind::Eof => return Err(self.unclosed(open)),
                _ => {}
            }
            let item = self.sequence_item()?;
            if self.at(TokenKind::RBrace) {
                match item.kind {
                    SequenceItemKind::Exp(e) => {
                        if e.kind != ExpKind::Spec {
                            trailing = Some(Box::new(e));
                        }
                    }
                    SequenceItemKind::Let { .. } => return Err(self.unexpected("';'")),
                }
                break;
            }
            let semicolon_optional = match &item.kind {
                SequenceItemKind::Exp(e) => ends_with_block(e),
                SequenceItemKind::Let { .. } => false,
            };
            if semicolon_optional {
                self.eat(TokenKind::Semicolon);
            } else if !self.eat(TokenKind::Semicolon) {
                return Err(self.unexpected("';'"));
            }
            // A `spec { .. };` statement is dropped.
            if !matches!(&item.kind, SequenceItemKind::Exp(e) if e.kind == ExpKind::Spec) {
                items.push(item);
            }
        }
        self.bump(); // `}`
        Ok(Sequence {
            uses,
            items,
            trailing,
            span: Span::new(self.file, open.start, self.prev_end),
        })
    }

    fn sequence_item(&mut self) -> PResult<SequenceItem> {
        let start = self.start();
        let kind = if self.eat(TokenKind::Let) {
            let binds = self.bind_list()?;
            let ty = if self.eat(TokenKind::Colon) {
                Some(self.ty()?)
            } else {
                None
            };
            let value = if self.eat(TokenKind::Equal) {
                Some(self.exp()?)
            } else {
                None
            };
            SequenceItemKind::Let { binds, ty, value }
        } else {
            SequenceItemKind::Exp(self.exp()?)
        };
        Ok(SequenceItem {
            kind,
            span: self.span_from(start),
        })
    }

    // ---------------------------------------------------------------------------------------
    // Patterns

    /// One pattern, or `( p, .. )`.
    fn bind_list(&mut self) -> PResult<BindList> {
        let start = self.start();
        let binds = if self.at(TokenKind::LParen) {
            self.comma_list(TokenKind::LParen, TokenKind::RParen, "a pattern", |p| {
                p.bind()
            })?
        } else {
            vec![self.bind()?]
        };
        Ok(BindList {
            binds,
            span: self.span_from(start),
        })
    }

    fn bind(&mut self) -> PResult<Bind> {
        self.nested(|p| p.bind_inner())
    }

    /// A literal usable as a pattern (`1`, `-1`, `true`, `b".."`), if one starts here.
    fn literal_pattern(&mut self) -> PResult<Option<Value>> {
        let start = self.start();
        match self.peek() {
            TokenKind::Minus
                if self.nth(1) == TokenKind::TypedNumber
                    || (self.nth(1) == TokenKind::Number
                        && self.nth(2) != TokenKind::ColonColon) =>
            {
                self.bump();
                let n = self.bump().text(self.src);
                Ok(Some(Value {
                    kind: ValueKind::Num(format!("-{n}")),
                    span: self.span_from(start),
                }))
            }
            TokenKind::True
            | TokenKind::False
            | TokenKind::TypedNumber
            | TokenKind::ByteString
            | TokenKind::HexString => self.maybe_value(),
            TokenKind::Number if self.nth(1) != TokenKind::ColonColon => self.maybe_value(),
            _ => Ok(None),
        }
    }

    /// `..`, `..=` and an optional literal upper bound, if here.
    fn range_suffix(&mut self, lo: Option<Value>) -> PResult<Result<BindKind, Option<Value>>> {
        if !matches!(
            self.peek(),
            TokenKind::PeriodPeriod | TokenKind::PeriodPeriodEqual
        ) {
            return Ok(Err(lo));
        }
        let inclusive = self.bump().kind == TokenKind::PeriodPeriodEqual;
        let hi = self.literal_pattern()?;
        Ok(Ok(BindKind::Range { lo, hi, inclusive }))
    }

    fn bind_inner(&mut self) -> PResult<Bind> {
        let start = self.start();
        let kind = match self.range_suffix(None)? {
            Ok(range) => range,
            Err(_) => {
                if let Some(v) = self.literal_pattern()? {
                    match self.range_suffix(Some(v))? {
                        Ok(range) => range,
                        Err(v) => BindKind::Literal(v.expect("the literal just parsed")),
                    }
                } else if self.at(TokenKind::Identifier)
                    && !matches!(
                        self.nth(1),
                        TokenKind::LBrace
                            | TokenKind::LParen
                            | TokenKind::Less
                            | TokenKind::ColonColon
                    )
                {
                    BindKind::Var(self.ident()?)
                } else {
                    let name = self.name_chain(false, "a variable, struct or variant name")?;
                    let type_args = self.optional_type_args()?;
                    let fields = match self.peek() {
                        TokenKind::LBrace => BindFields::Named(self.comma_list(
                            TokenKind::LBrace,
                            TokenKind::RBrace,
                            "a field pattern",
                            |p| p.field_bind(),
                        )?),
                        TokenKind::LParen => BindFields::Positional(self.comma_list(
                            TokenKind::LParen,
                            TokenKind::RParen,
                            "a pattern",
                            |p| p.positional_bind(),
                        )?),
                        _ => BindFields::None,
                    };
                    BindKind::Unpack {
                        name,
                        type_args,
                        fields,
                    }
                }
            }
        };
        Ok(Bind {
            kind,
            span: self.span_from(start),
        })
    }

    /// `..` alone (rest of the fields), not `..5` (a range).
    fn at_rest_pattern(&self) -> bool {
        use TokenKind::*;
        self.at(PeriodPeriod)
            && !matches!(
                self.nth(1),
                Number | TypedNumber | True | False | ByteString | HexString | Minus
            )
    }

    fn field_bind(&mut self) -> PResult<FieldBind> {
        if self.at_rest_pattern() {
            let t = self.bump();
            return Ok(FieldBind::Rest(self.token_span(t)));
        }
        let field = self.ident()?;
        let bind = if self.eat(TokenKind::Colon) {
            self.bind()?
        } else {
            Bind {
                span: field.span,
                kind: BindKind::Var(field.clone()),
            }
        };
        Ok(FieldBind::Field(field, bind))
    }

    fn positional_bind(&mut self) -> PResult<PositionalBind> {
        if self.at_rest_pattern() {
            let t = self.bump();
            return Ok(PositionalBind::Rest(self.token_span(t)));
        }
        Ok(PositionalBind::Bind(self.bind()?))
    }
}
