//! Names, literals, attributes, types, type parameters and abilities.

use super::{PResult, Parser};
use crate::diagnostics::{Code, Diagnostic};
use crate::parser::ast::*;
use crate::parser::lexer::{TokenKind, decode_byte_string, decode_hex_string};
use crate::source::Span;

impl Parser<'_> {
    /// An address or a name: `0x1`, `std`.
    pub(super) fn leading_name(&mut self) -> PResult<LeadingName> {
        match self.peek() {
            TokenKind::Identifier => Ok(LeadingName::Name(self.ident()?)),
            TokenKind::Number => {
                let t = self.bump();
                Ok(LeadingName::Address(Name {
                    value: t.text(self.src).to_string(),
                    span: self.token_span(t),
                }))
            }
            _ => Err(self.unexpected("an address or an identifier")),
        }
    }

    fn star_name(&mut self) -> Name {
        let t = self.bump();
        Name {
            value: "*".to_string(),
            span: self.token_span(t),
        }
    }

    /// `x`, `m::f`, `0x1::m::f`, `a::m::E::V` (with `*` parts in access specifiers when
    /// `wildcard`).
    pub(super) fn name_chain(&mut self, wildcard: bool, what: &str) -> PResult<NameAccessChain> {
        let start = self.start();
        let root = match self.peek() {
            TokenKind::Star if wildcard => LeadingName::Name(self.star_name()),
            TokenKind::Identifier | TokenKind::Number => self.leading_name()?,
            _ => return Err(self.unexpected(what)),
        };
        let mut path = Vec::new();
        if matches!(root, LeadingName::Address(_)) && !self.at(TokenKind::ColonColon) {
            return Err(self.unexpected("'::' after an address"));
        }
        while path.len() < 3 && self.at(TokenKind::ColonColon) {
            self.bump();
            let part = match self.peek() {
                TokenKind::Star if wildcard => self.star_name(),
                TokenKind::Identifier => self.ident()?,
                _ => {
                    return Err(self.unexpected(if wildcard {
                        "an identifier or '*'"
                    } else {
                        "an identifier"
                    }));
                }
            };
            path.push(part);
        }
        Ok(NameAccessChain {
            root,
            path,
            span: self.span_from(start),
        })
    }

    /// A literal, if one starts here: `@a`, `true`, `false`, numbers (not `0x1::`), strings.
    pub(super) fn maybe_value(&mut self) -> PResult<Option<Value>> {
        let start = self.start();
        let kind = match self.peek() {
            TokenKind::AtSign => {
                self.bump();
                ValueKind::Address(self.leading_name()?)
            }
            TokenKind::True => {
                self.bump();
                ValueKind::Bool(true)
            }
            TokenKind::False => {
                self.bump();
                ValueKind::Bool(false)
            }
            TokenKind::Number if self.nth(1) != TokenKind::ColonColon => {
                ValueKind::Num(self.bump().text(self.src).to_string())
            }
            TokenKind::TypedNumber => ValueKind::Num(self.bump().text(self.src).to_string()),
            TokenKind::ByteString | TokenKind::HexString => self.string_value()?,
            _ => return Ok(None),
        };
        Ok(Some(Value {
            kind,
            span: self.span_from(start),
        }))
    }

    fn string_value(&mut self) -> PResult<ValueKind> {
        let t = self.bump();
        let text = t.text(self.src);
        // The body starts after `b"`/`x"` (or a lone `"` the lexer already reported) and ends
        // before the closing quote, if the lexer found one.
        let body_start = if text.starts_with('"') { 1 } else { 2 };
        let body_end = if text.len() > body_start && text.ends_with('"') {
            text.len() - 1
        } else {
            text.len()
        };
        let body = &text[body_start..body_end];
        let is_hex = t.kind == TokenKind::HexString;
        let decoded = if is_hex {
            decode_hex_string(body)
        } else {
            decode_byte_string(body)
        };
        match decoded {
            Ok(bytes) if is_hex => Ok(ValueKind::HexString(bytes)),
            Ok(bytes) => Ok(ValueKind::ByteString(bytes)),
            Err(e) => {
                let at = t.start + (body_start + e.offset) as u32;
                let span = Span::new(self.file, at, at + e.len as u32);
                let (code, message) = if is_hex {
                    (Code::InvalidHexString, "invalid hex string")
                } else {
                    (Code::InvalidEscape, "invalid escape in a byte string")
                };
                Err(Box::new(
                    Diagnostic::error(code, message, span, e.message)
                        .with_secondary(self.token_span(t), "in this literal"),
                ))
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Attributes

    /// `#[..]` groups (possibly none).
    pub(super) fn attributes(&mut self) -> PResult<Attributes> {
        let mut groups = Vec::new();
        while self.at(TokenKind::NumSign) {
            let start = self.start();
            self.bump();
            if !self.at(TokenKind::LBracket) {
                return Err(self.unexpected("'[' after '#'"));
            }
            let attributes = self.comma_list(
                TokenKind::LBracket,
                TokenKind::RBracket,
                "an attribute",
                |p| p.attribute(),
            )?;
            groups.push(AttributeGroup {
                attributes,
                span: self.span_from(start),
            });
        }
        Ok(groups)
    }

    /// `name`, `a::b` (merged into one name), `name = value`, `name(attr, ..)`.
    fn attribute(&mut self) -> PResult<Attribute> {
        self.nested(|p| {
            let start = p.start();
            let mut name = p.ident()?;
            while p.at(TokenKind::ColonColon) {
                p.bump();
                let next = p.ident()?;
                name.value.push_str("::");
                name.value.push_str(&next.value);
                name.span = name.span.to(next.span);
            }
            let kind = match p.peek() {
                TokenKind::Equal => {
                    p.bump();
                    let value = match p.maybe_value()? {
                        Some(v) => AttributeValue::Value(v),
                        None => AttributeValue::Name(p.name_chain(false, "an attribute value")?),
                    };
                    AttributeKind::Assigned(name, value)
                }
                TokenKind::LParen => {
                    let inner =
                        p.comma_list(TokenKind::LParen, TokenKind::RParen, "an attribute", |p| {
                            p.attribute()
                        })?;
                    AttributeKind::Parameterized(name, inner)
                }
                _ => AttributeKind::Name(name),
            };
            Ok(Attribute {
                kind,
                span: p.span_from(start),
            })
        })
    }

    // ---------------------------------------------------------------------------------------
    // Types

    /// A type: `u64`, `vector<T>`, `m::S<T>`, `&T`, `&mut T`, `()`, `(T, U)`,
    /// `|T| R has copy`.
    pub(super) fn ty(&mut self) -> PResult<Type> {
        self.nested(|p| p.ty_inner())
    }

    fn ty_inner(&mut self) -> PResult<Type> {
        let start = self.start();
        let kind = match self.peek() {
            TokenKind::LParen => {
                let mut tys =
                    self.comma_list(TokenKind::LParen, TokenKind::RParen, "a type", |p| p.ty())?;
                match tys.len() {
                    0 => TypeKind::Unit,
                    // `(T)` is `T`.
                    1 => return Ok(tys.pop().expect("one type")),
                    _ => TypeKind::Tuple(tys),
                }
            }
            TokenKind::Amp | TokenKind::AmpMut => {
                let mutable = self.bump().kind == TokenKind::AmpMut;
                TypeKind::Ref {
                    mutable,
                    inner: Box::new(self.ty()?),
                }
            }
            TokenKind::Pipe | TokenKind::PipePipe => {
                let params = if self.at(TokenKind::Pipe) {
                    self.comma_list(TokenKind::Pipe, TokenKind::Pipe, "a type", |p| p.ty())?
                } else {
                    self.bump();
                    Vec::new()
                };
                let result = if self.at_type_start() && !self.at_word("has") {
                    self.ty()?
                } else {
                    // No result type: `()`, an empty span after the parameters.
                    Type {
                        kind: TypeKind::Unit,
                        span: Span::new(self.file, self.prev_end, self.prev_end),
                    }
                };
                let abilities = if self.at_word("has") {
                    self.bump();
                    self.ability_list_plus()?
                } else {
                    Vec::new()
                };
                TypeKind::Fun {
                    params,
                    result: Box::new(result),
                    abilities,
                }
            }
            TokenKind::Identifier | TokenKind::Number => {
                let name = self.name_chain(false, "a type")?;
                let args = if self.at(TokenKind::Less) {
                    self.comma_list(TokenKind::Less, TokenKind::Greater, "a type", |p| p.ty())?
                } else {
                    Vec::new()
                };
                TypeKind::Apply(name, args)
            }
            _ => return Err(self.unexpected("a type")),
        };
        Ok(Type {
            kind,
            span: self.span_from(start),
        })
    }

    fn at_type_start(&self) -> bool {
        matches!(
            self.peek(),
            TokenKind::LParen
                | TokenKind::Amp
                | TokenKind::AmpMut
                | TokenKind::Pipe
                | TokenKind::PipePipe
                | TokenKind::Identifier
        )
    }

    /// `<T, U>` if present.
    pub(super) fn optional_type_args(&mut self) -> PResult<Option<Vec<Type>>> {
        if self.at(TokenKind::Less) {
            Ok(Some(self.comma_list(
                TokenKind::Less,
                TokenKind::Greater,
                "a type",
                |p| p.ty(),
            )?))
        } else {
            Ok(None)
        }
    }

    /// `<T: copy + drop, U>` (functions) if present.
    pub(super) fn type_parameters(&mut self) -> PResult<Vec<TypeParameter>> {
        if !self.at(TokenKind::Less) {
            return Ok(Vec::new());
        }
        self.comma_list(
            TokenKind::Less,
            TokenKind::Greater,
            "a type parameter",
            |p| {
                let name = p.ident()?;
                let constraints = p.constraints()?;
                Ok(TypeParameter { name, constraints })
            },
        )
    }

    /// `<phantom T: store, U>` (structs and enums) if present.
    pub(super) fn struct_type_parameters(&mut self) -> PResult<Vec<StructTypeParameter>> {
        if !self.at(TokenKind::Less) {
            return Ok(Vec::new());
        }
        self.comma_list(
            TokenKind::Less,
            TokenKind::Greater,
            "a type parameter",
            |p| {
                // `phantom` is a modifier only when a name follows it.
                let is_phantom = p.at_word("phantom") && p.nth(1) == TokenKind::Identifier;
                if is_phantom {
                    p.bump();
                }
                let name = p.ident()?;
                let constraints = p.constraints()?;
                Ok(StructTypeParameter {
                    is_phantom,
                    name,
                    constraints,
                })
            },
        )
    }

    fn constraints(&mut self) -> PResult<Vec<Ability>> {
        if self.eat(TokenKind::Colon) {
            self.ability_list_plus()
        } else {
            Ok(Vec::new())
        }
    }

    /// `a + b + c`
    fn ability_list_plus(&mut self) -> PResult<Vec<Ability>> {
        let mut list = vec![self.ability()?];
        while self.eat(TokenKind::Plus) {
            list.push(self.ability()?);
        }
        Ok(list)
    }

    /// `has a, b` (declarations) if present; the list ends at `{` or `;`.
    pub(super) fn abilities(&mut self) -> PResult<Vec<Ability>> {
        if !self.at_word("has") {
            return Ok(Vec::new());
        }
        self.bump();
        let mut list = vec![self.ability()?];
        loop {
            match self.peek() {
                TokenKind::Comma => {
                    self.bump();
                    list.push(self.ability()?);
                }
                TokenKind::LBrace | TokenKind::Semicolon => return Ok(list),
                _ => return Err(self.unexpected("',', '{' or ';'")),
            }
        }
    }

    fn ability(&mut self) -> PResult<Ability> {
        let kind = match (self.peek(), self.text()) {
            (TokenKind::Copy, _) => AbilityKind::Copy,
            (TokenKind::Identifier, "drop") => AbilityKind::Drop,
            (TokenKind::Identifier, "store") => AbilityKind::Store,
            (TokenKind::Identifier, "key") => AbilityKind::Key,
            _ => return Err(self.unexpected("an ability: 'copy', 'drop', 'store' or 'key'")),
        };
        let t = self.bump();
        Ok(Ability {
            kind,
            span: self.token_span(t),
        })
    }
}
