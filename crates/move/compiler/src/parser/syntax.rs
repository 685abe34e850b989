//! Recursive-descent parser from tokens to [`ast`](super::ast).
//!
//! The grammar and its quirks follow the Aptos compiler's parser (Move 2.x), so that the same
//! sources are accepted and mean the same: operator precedence (`==>`/`<==>` 2, `||` 3, `&&` 4,
//! comparisons 5, `..` 6, `|` 7, `^` 8, `&` 9, shifts 10, `+ -` 11, `* / %` 12, all
//! left-associative); `name<` starts type arguments only when `<` touches the name; `e as T`
//! without parentheses only right after a unary expression; a control expression ending in a
//! block (`if .. { } else { }`) may be followed by a binary operator; `;` is optional after
//! block-like statements; `for (i in lo..hi)` with unary bounds.
//!
//! Files: this one holds the parser state, helpers and declarations (file, module, members);
//! [`types`] names, literals, attributes and types; [`exp`] expressions, blocks and patterns;
//! [`spec`] skipping specification constructs.
//!
//! Errors: each parse function returns the first error as a diagnostic; the module-member
//! loop records it and skips to the next member, so one file can report several errors.

mod exp;
mod spec;
mod types;

use super::ast::*;
use super::lexer::{DocComment, Lexed, Token, TokenKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// How deep expressions, types, patterns and attributes may nest: far beyond real programs (the
/// Aptos framework reaches 29), and a bound for the recursion of later stages over the AST.
const MAX_DEPTH: u32 = 512;

/// Recursion never runs out of stack: below this much free stack, a nesting level continues on
/// a fresh segment of [`STACK_SEGMENT`] bytes (a debug build uses ~15 KiB per level).
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

/// The parser stops reporting after this many errors in one file.
const MAX_ERRORS: usize = 32;

/// A parse step's result: the first error is returned as a diagnostic (not yet recorded).
pub(super) type PResult<T> = Result<T, Box<Diagnostic>>;

pub(super) struct Parser<'a> {
    src: &'a str,
    file: FileId,
    tokens: Vec<Token>,
    docs: Vec<DocComment>,
    pos: usize,
    /// End of the last consumed token (for spans).
    prev_end: u32,
    depth: u32,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str, file: FileId, lexed: Lexed) -> Self {
        Self {
            src,
            file,
            tokens: lexed.tokens,
            docs: lexed.doc_comments,
            pos: 0,
            prev_end: 0,
            depth: 0,
            diagnostics: lexed.diagnostics,
        }
    }

    // ---------------------------------------------------------------------------------------
    // Token access

    fn tok(&self) -> Token {
        // The token vector always ends with Eof and `pos` never passes it.
        self.tokens[self.pos]
    }

    fn peek(&self) -> TokenKind {
        self.tokens[self.pos].kind
    }

    /// The kind `n` tokens ahead (`nth(0)` is the current one); Eof past the end.
    fn nth(&self, n: usize) -> TokenKind {
        self.tokens
            .get(self.pos + n)
            .map_or(TokenKind::Eof, |t| t.kind)
    }

    fn nth_token(&self, n: usize) -> Token {
        self.tokens
            .get(self.pos + n)
            .copied()
            .unwrap_or_else(|| *self.tokens.last().expect("Eof token"))
    }

    fn text(&self) -> &'a str {
        self.tok().text(self.src)
    }

    fn nth_text(&self, n: usize) -> &'a str {
        self.nth_token(n).text(self.src)
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.peek() == kind
    }

    /// At the identifier `word` (a contextual keyword such as `entry` or `has`).
    fn at_word(&self, word: &str) -> bool {
        self.peek() == TokenKind::Identifier && self.text() == word
    }

    fn start(&self) -> u32 {
        self.tok().start
    }

    fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != TokenKind::Eof {
            self.pos += 1;
            self.prev_end = t.end;
        }
        t
    }

    fn eat(&mut self, kind: TokenKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(&format!("'{}'", kind.describe())))
        }
    }

    fn expect_word(&mut self, word: &str) -> PResult<Token> {
        if self.at_word(word) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(&format!("'{word}'")))
        }
    }

    fn token_span(&self, t: Token) -> Span {
        Span::new(self.file, t.start, t.end)
    }

    fn current_span(&self) -> Span {
        self.token_span(self.tok())
    }

    /// From `start` to the end of the last consumed token.
    fn span_from(&self, start: u32) -> Span {
        Span::new(self.file, start, self.prev_end.max(start))
    }

    /// Consumes one `>`, splitting `>>` (nested type arguments), `>=` and `>>=`: the token is
    /// shortened in place to what follows the `>`.
    fn eat_greater(&mut self) -> bool {
        let rest = match self.peek() {
            TokenKind::Greater => {
                self.bump();
                return true;
            }
            TokenKind::GreaterGreater => TokenKind::Greater,
            TokenKind::GreaterEqual => TokenKind::Equal,
            TokenKind::GreaterGreaterEqual => TokenKind::GreaterEqual,
            _ => return false,
        };
        let t = &mut self.tokens[self.pos];
        t.start += 1;
        t.kind = rest;
        self.prev_end = t.start;
        true
    }

    fn eat_close(&mut self, close: TokenKind) -> bool {
        if close == TokenKind::Greater {
            self.eat_greater()
        } else {
            self.eat(close)
        }
    }

    /// Runs `f` one nesting level deeper, refusing input nested deeper than [`MAX_DEPTH`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        let r = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || f(self));
        self.depth -= 1;
        r
    }

    /// Whether `extra` more levels (links of a `.f[i](..)` chain, operators of `a + b + ..`,
    /// which the parser builds in loops) would pass [`MAX_DEPTH`].
    fn too_deep_with(&self, extra: u32) -> bool {
        self.depth.saturating_add(extra) > MAX_DEPTH
    }

    fn too_deep(&self) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(
            Code::NestingTooDeep,
            "nesting too deep",
            self.current_span(),
            format!("more than {MAX_DEPTH} nested expressions, types or patterns"),
        ))
    }

    // ---------------------------------------------------------------------------------------
    // Errors

    fn describe_current(&self) -> String {
        match self.peek() {
            TokenKind::Eof => "end of file".to_string(),
            _ => format!("'{}'", self.text()),
        }
    }

    /// "unexpected X" at the current token, labelled "expected `expected`".
    fn unexpected(&self, expected: &str) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(
            Code::UnexpectedToken,
            format!("unexpected {}", self.describe_current()),
            self.current_span(),
            format!("expected {expected}"),
        ))
    }

    /// Records an error, unless it is only the consequence of an earlier one: a second "end of
    /// file" error, or one after an unclosed block comment (which swallowed the rest).
    fn report(&mut self, d: Diagnostic) {
        if self.is_eof_error(&d) && self.eof_explained() {
            return;
        }
        self.diagnostics.push(d);
    }

    fn is_eof_error(&self, d: &Diagnostic) -> bool {
        d.primary_span()
            .is_some_and(|s| s.start as usize == self.src.len())
    }

    /// Whether the end of the file already has an error that explains any other there.
    fn eof_explained(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.code == Code::UnclosedComment || self.is_eof_error(d))
    }

    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Parses `open item, item, .. close` (trailing comma allowed) with `open` current.
    fn comma_list<T>(
        &mut self,
        open: TokenKind,
        close: TokenKind,
        what: &str,
        mut item: impl FnMut(&mut Self) -> PResult<T>,
    ) -> PResult<Vec<T>> {
        let open_tok = self.expect(open)?;
        self.comma_list_after_open(open_tok, close, what, &mut item)
    }

    fn comma_list_after_open<T>(
        &mut self,
        open_tok: Token,
        close: TokenKind,
        what: &str,
        item: &mut impl FnMut(&mut Self) -> PResult<T>,
    ) -> PResult<Vec<T>> {
        let mut items = Vec::new();
        loop {
            if self.eat_close(close) {
                return Ok(items);
            }
            if self.at(TokenKind::Comma) {
                return Err(self.unexpected(what));
            }
            items.push(item(self)?);
            if self.eat_close(close) {
                return Ok(items);
            }
            if !self.eat(TokenKind::Comma) {
                let expected = format!("',' or '{}'", close.describe());
                let d = *self.unexpected(&expected);
                return Err(Box::new(d.with_secondary(
                    self.token_span(open_tok),
                    format!("to match this '{}'", open_tok.kind.describe()),
                )));
            }
        }
    }

    /// Doc comments attached to tokens `from..=to` (those right before an item's attributes
    /// or its first keyword).
    fn docs_between(&self, from: usize, to: usize) -> Vec<Span> {
        let lo = self
            .docs
            .partition_point(|d| (d.next_token as usize) < from);
        self.docs[lo..]
            .iter()
            .take_while(|d| d.next_token as usize <= to)
            .map(|d| d.span)
            .collect()
    }

    fn ident(&mut self) -> PResult<Name> {
        if self.at(TokenKind::Identifier) {
            let t = self.bump();
            Ok(Name {
                value: t.text(self.src).to_string(),
                span: self.token_span(t),
            })
        } else {
            Err(self.unexpected("an identifier"))
        }
    }

    // ---------------------------------------------------------------------------------------
    // File

    pub(super) fn parse_file(&mut self) -> File {
        let mut definitions = Vec::new();
        while !self.at(TokenKind::Eof) {
            match self.definition() {
                Ok(Some(d)) => definitions.push(d),
                Ok(None) => {}
                Err(e) => {
                    self.report(*e);
                    self.recover_definition();
                }
            }
            if self.error_count() >= MAX_ERRORS {
                break;
            }
        }
        File {
            definitions,
            span: Span::new(self.file, 0, self.src.len() as u32),
        }
    }

    /// After an error outside module members (a module header, an address block, a script):
    /// skip to the next `module`, `script` or `address` that starts a definition.
    fn recover_definition(&mut self) {
        let start = self.pos;
        loop {
            let starts_definition = match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Module => {
                    self.pos == 0 || self.tokens[self.pos - 1].kind != TokenKind::Spec
                }
                TokenKind::Script => true,
                TokenKind::Identifier => {
                    self.text() == "address"
                        && matches!(self.nth(1), TokenKind::Identifier | TokenKind::Number)
                        && self.nth(2) == TokenKind::LBrace
                }
                _ => false,
            };
            if starts_definition && self.pos > start {
                return;
            }
            self.bump();
        }
    }

    fn definition(&mut self) -> PResult<Option<Definition>> {
        let first = self.pos;
        let attributes = self.attributes()?;
        match self.peek() {
            TokenKind::Module => Ok(Some(Definition::Module(self.module(attributes, first)?))),
            TokenKind::Spec => {
                // `spec a::m { .. }`: a specification module, dropped whole.
                self.skip_spec_block()?;
                Ok(None)
            }
            TokenKind::Script => Ok(Some(Definition::Script(self.script(attributes)?))),
            _ if self.at_word("address") => {
                Ok(Some(Definition::Address(self.address_block(attributes)?)))
            }
            _ => Err(self.unexpected("'module', 'script', 'address' or 'spec'")),
        }
    }

    fn address_block(&mut self, attributes: Attributes) -> PResult<AddressBlock> {
        let start = self.start();
        self.bump(); // `address`
        let address = self.leading_name()?;
        let open = self.expect(TokenKind::LBrace)?;
        let mut modules = Vec::new();
        while !self.at(TokenKind::RBrace) {
            if self.at(TokenKind::Eof) {
                return Err(self.unclosed(open));
            }
            let first = self.pos;
            let attrs = self.attributes()?;
            if self.at(TokenKind::Spec) {
                // `spec m { .. }`: a specification module, dropped.
                self.skip_spec_block()?;
                continue;
            }
            if !self.at(TokenKind::Module) {
                return Err(self.unexpected("'module' or 'spec'"));
            }
            let m = self.module(attrs, first)?;
            if m.address.is_some() {
                self.report(Diagnostic::error(
                    Code::UnexpectedToken,
                    "module with an address inside an address block",
                    m.name.span,
                    "write only the module name here",
                ));
            }
            modules.push(m);
        }
        self.bump();
        Ok(AddressBlock {
            attributes,
            address,
            modules,
            span: self.span_from(start),
        })
    }

    fn unclosed(&self, open: Token) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(
                Code::UnexpectedToken,
                format!("unexpected {}", self.describe_current()),
                self.current_span(),
                format!("expected '{}'", closing(open.kind)),
            )
            .with_secondary(
                self.token_span(open),
                format!("to close this '{}'", open.kind.describe()),
            ),
        )
    }

    /// `module a::m { members }` (or `module m` in an address block), at `module`.
    /// `first` is the index of the module's first token (its attributes).
    fn module(&mut self, attributes: Attributes, first: usize) -> PResult<Module> {
        let doc = self.docs_between(first, self.pos);
        let start = self.start();
        self.bump(); // `module`
        let leading = self.leading_name()?;
        let (address, name) = match leading {
            LeadingName::Name(n) if !self.at(TokenKind::ColonColon) => (None, n),
            leading => {
                self.expect(TokenKind::ColonColon)?;
                (Some(leading), self.ident()?)
            }
        };
        let open = self.expect(TokenKind::LBrace)?;
        let mut members = Vec::new();
        loop {
            match self.peek() {
                TokenKind::RBrace => {
                    self.bump();
                    break;
                }
                TokenKind::Eof => {
                    let d = self.unclosed(open);
                    self.report(*d);
                    break;
                }
                _ => {}
            }
            let member_start = self.pos;
            match self.module_member() {
                Ok(Some(m)) => members.push(m),
                Ok(None) => {}
                Err(e) => {
                    self.report(*e);
                    if self.error_count() >= MAX_ERRORS {
                        self.too_many_errors();
                        break;
                    }
                    self.recover_member(member_start);
                }
            }
        }
        Ok(Module {
            attributes,
            doc,
            address,
            name,
            members,
            span: self.span_from(start),
        })
    }

    fn too_many_errors(&mut self) {
        let span = self.current_span();
        self.diagnostics.push(Diagnostic::error(
            Code::TooManyErrors,
            format!("too many errors ({MAX_ERRORS}); stopped parsing this file"),
            span,
            "",
        ));
        // Skip to the end so that nothing else is reported.
        self.pos = self.tokens.len() - 1;
    }

    /// After an error in a module member: skip to the start of the next member (a token that
    /// only begins members), or to the module's closing brace.
    fn recover_member(&mut self, member_start: usize) {
        use TokenKind::*;
        // Braces opened by the member so far (its body, maybe blocks in it).
        let mut depth: i64 = 0;
        for t in &self.tokens[member_start..self.pos] {
            match t.kind {
                LBrace => depth += 1,
                RBrace => depth -= 1,
                _ => {}
            }
        }
        let error_pos = self.pos;
        loop {
            let kind = self.peek();
            let starts_member_anywhere = matches!(
                kind,
                Fun | Struct | Public | Const | Friend | Native | Inline | NumSign
            ) || (kind == Identifier
                && matches!(self.text(), "entry" | "enum")
                && matches!(self.nth(1), Fun | Identifier | Public | Native | Inline));
            let starts_member_at_top = matches!(kind, Use | Spec | Invariant);
            match kind {
                Eof => break,
                _ if self.pos > member_start && starts_member_anywhere => break,
                _ if self.pos > member_start && depth <= 0 && starts_member_at_top => break,
                RBrace if depth <= 0 => break,
                LBrace => depth += 1,
                RBrace => depth -= 1,
                _ => {}
            }
            self.bump();
        }
        if self.pos == member_start && error_pos == member_start && !self.at(Eof) {
            self.bump();
        }
    }

    /// One member; `None` for a dropped spec member.
    fn module_member(&mut self) -> PResult<Option<ModuleMember>> {
        let first = self.pos;
        let attributes = self.attributes()?;
        match self.peek() {
            TokenKind::Spec => {
                self.skip_spec_block()?;
                return Ok(None);
            }
            TokenKind::Invariant => {
                self.skip_invariant()?;
                return Ok(None);
            }
            TokenKind::Use => return Ok(Some(ModuleMember::Use(self.use_decl(attributes)?))),
            TokenKind::Friend if self.is_friend_decl() => {
                return Ok(Some(ModuleMember::Friend(self.friend_decl(attributes)?)));
            }
            _ => {}
        }
        let doc = self.docs_between(first, self.pos);
        let start = self.start();
        let modifiers = self.modifiers()?;
        let member = match self.peek() {
            TokenKind::Const => {
                ModuleMember::Constant(self.constant(attributes, doc, start, modifiers)?)
            }
            TokenKind::Fun | TokenKind::Inline => {
                ModuleMember::Function(self.function(attributes, doc, start, modifiers)?)
            }
            TokenKind::Struct => {
                ModuleMember::Struct(self.struct_decl(attributes, doc, start, modifiers, false)?)
            }
            _ if self.at_word("enum") => {
                ModuleMember::Struct(self.struct_decl(attributes, doc, start, modifiers, true)?)
            }
            _ => {
                return Err(self.unexpected(
                    "a module member: 'use', 'friend', 'const', 'struct', 'enum', 'fun' or 'spec'",
                ));
            }
        };
        Ok(Some(member))
    }

    /// `friend` starts a declaration unless it is the visibility of the next item
    /// (`friend fun`, `friend entry fun`, `friend struct`, ..).
    fn is_friend_decl(&self) -> bool {
        use TokenKind::*;
        match self.nth(1) {
            Fun | Inline | Native | Struct | Const => false,
            Identifier => !matches!(self.nth_text(1), "entry" | "enum"),
            _ => true,
        }
    }

    fn friend_decl(&mut self, attributes: Attributes) -> PResult<FriendDecl> {
        let start = self.start();
        self.bump(); // `friend`
        let friend = self.name_chain(false, "a module")?;
        self.expect(TokenKind::Semicolon)?;
        Ok(FriendDecl {
            attributes,
            friend,
            span: self.span_from(start),
        })
    }

    /// `use a::m;`, `use a::m as n;`, `use a::m::f (as g)?;`, `use a::m::{..};`
    fn use_decl(&mut self, attributes: Attributes) -> PResult<UseDecl> {
        let start = self.start();
        self.expect(TokenKind::Use)?;
        let module = self.module_ident()?;
        let alias = self.use_alias()?;
        let kind = if alias.is_none() && self.eat(TokenKind::ColonColon) {
            let members = if self.at(TokenKind::LBrace) {
                self.comma_list(
                    TokenKind::LBrace,
                    TokenKind::RBrace,
                    "a module member",
                    |p| Ok((p.ident()?, p.use_alias()?)),
                )?
            } else {
                vec![(self.ident()?, self.use_alias()?)]
            };
            UseKind::Members { module, members }
        } else {
            UseKind::Module { module, alias }
        };
        self.expect(TokenKind::Semicolon)?;
        Ok(UseDecl {
            attributes,
            kind,
            span: self.span_from(start),
        })
    }

    fn use_alias(&mut self) -> PResult<Option<Name>> {
        if self.eat(TokenKind::As) {
            Ok(Some(self.ident()?))
        } else {
            Ok(None)
        }
    }

    fn module_ident(&mut self) -> PResult<ModuleIdent> {
        let start = self.start();
        let address = self.leading_name()?;
        if !self.at(TokenKind::ColonColon) {
            return Err(self.unexpected("'::' after the address of a module"));
        }
        self.bump();
        let module = self.ident()?;
        Ok(ModuleIdent {
            address,
            module,
            span: self.span_from(start),
        })
    }

    // ---------------------------------------------------------------------------------------
    // Modifiers

    /// Visibility, `native` and `entry`, in any order, each at most once.
    fn modifiers(&mut self) -> PResult<Modifiers> {
        let mut m = Modifiers::default();
        loop {
            let span = self.current_span();
            match self.peek() {
                TokenKind::Public => {
                    let (vis, script) = self.visibility()?;
                    if script {
                        m.script = visibility_span(vis);
                    }
                    self.set_visibility(&mut m, vis);
                }
                TokenKind::Friend => {
                    self.bump();
                    self.set_visibility(&mut m, Visibility::Friend(span));
                }
                _ if self.at_word("package") => {
                    self.bump();
                    self.set_visibility(&mut m, Visibility::Package(span));
                }
                TokenKind::Native => {
                    self.bump();
                    if let Some(prev) = m.native {
                        self.duplicate("native", span, prev);
                    }
                    m.native = Some(span);
                }
                _ if self.at_word("entry") => {
                    self.bump();
                    if let Some(prev) = m.entry {
                        self.duplicate("entry", span, prev);
                    }
                    m.entry = Some(span);
                }
                _ => return Ok(m),
            }
        }
    }

    fn set_visibility(&mut self, m: &mut Modifiers, vis: Visibility) {
        if let (Some(prev), Some(now)) =
            (m.visibility.and_then(visibility_span), visibility_span(vis))
        {
            self.duplicate("visibility", now, prev);
        }
        m.visibility = Some(vis);
    }

    fn duplicate(&mut self, what: &str, span: Span, prev: Span) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::DuplicateModifier,
                format!("duplicate {what} modifier"),
                span,
                "",
            )
            .with_secondary(prev, "first given here"),
        );
    }

    /// `public`, `public(friend)`, `public(package)`, `public(script)` (deprecated: read as
    /// `public entry`).
    fn visibility(&mut self) -> PResult<(Visibility, bool)> {
        let start = self.start();
        self.bump(); // `public`
        if !self.at(TokenKind::LParen) {
            return Ok((Visibility::Public(self.span_from(start)), false));
        }
        self.bump();
        let inner = self.tok();
        let inner_text = self.text();
        if !self.at(TokenKind::RParen) {
            self.bump();
        }
        self.expect(TokenKind::RParen)?;
        let span = self.span_from(start);
        match (inner.kind, inner_text) {
            (TokenKind::Friend, _) => Ok((Visibility::Friend(span), false)),
            (TokenKind::Identifier, "package") => Ok((Visibility::Package(span), false)),
            (TokenKind::Script, _) => {
                self.diagnostics.push(Diagnostic::warning(
                    Code::Deprecated,
                    "'public(script)' is deprecated",
                    span,
                    "write 'public entry' instead",
                ));
                Ok((Visibility::Public(span), true))
            }
            _ => Err(Box::new(Diagnostic::error(
                Code::InvalidVisibility,
                "invalid visibility modifier",
                span,
                "expected 'public', 'public(friend)' or 'public(package)'",
            ))),
        }
    }

    fn reject_modifier(&mut self, span: Option<Span>, what: &str, on: &str) {
        if let Some(span) = span {
            self.diagnostics.push(Diagnostic::error(
                Code::InvalidModifier,
                format!("'{what}' is not allowed on {on}"),
                span,
                "",
            ));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Declarations

    fn constant(
        &mut self,
        attributes: Attributes,
        doc: Vec<Span>,
        start: u32,
        m: Modifiers,
    ) -> PResult<Constant> {
        self.reject_modifier(m.entry, "entry", "constants");
        self.reject_modifier(m.native, "native", "constants");
        let visibility = m.visibility();
        self.expect(TokenKind::Const)?;
        let name = self.ident()?;
        self.expect(TokenKind::Colon)?;
        let ty = self.ty()?;
        self.expect(TokenKind::Equal)?;
        let value = self.exp()?;
        self.expect(TokenKind::Semicolon)?;
        Ok(Constant {
            attributes,
            doc,
            visibility,
            name,
            ty,
            value,
            span: self.span_from(start),
        })
    }

    /// `[inline] fun name<T>(params): ret acquires .. { body }` or `native fun ..;`
    fn function(
        &mut self,
        attributes: Attributes,
        doc: Vec<Span>,
        start: u32,
        m: Modifiers,
    ) -> PResult<Function> {
        let mut entry = m.entry;
        if let Some(span) = m.script {
            entry.get_or_insert(span);
        }
        let visibility = m.visibility();
        let inline = self.eat(TokenKind::Inline);
        self.expect(TokenKind::Fun)?;
        let name = self.ident()?;
        let type_parameters = self.type_parameters()?;
        let parameters =
            self.comma_list(TokenKind::LParen, TokenKind::RParen, "a parameter", |p| {
                let name = p.ident()?;
                p.expect(TokenKind::Colon)?;
                Ok((name, p.ty()?))
            })?;
        let return_type = if self.eat(TokenKind::Colon) {
            self.ty()?
        } else {
            Type {
                kind: TypeKind::Unit,
                span: name.span,
            }
        };
        let access_specifiers = self.access_specifiers()?;
        let body = match m.native {
            Some(span) => {
                self.expect(TokenKind::Semicolon)?;
                FunctionBody::Native(span)
            }
            None => {
                if !self.at(TokenKind::LBrace) {
                    return Err(self.unexpected("'{' (the function body)"));
                }
                FunctionBody::Defined(self.block()?)
            }
        };
        Ok(Function {
            attributes,
            doc,
            visibility,
            entry,
            inline,
            name,
            signature: FunctionSignature {
                type_parameters,
                parameters,
                return_type,
            },
            access_specifiers,
            body,
            span: self.span_from(start),
        })
    }

    /// `acquires R, S`, `reads R(addr)`, `!writes *`, `pure`.
    fn access_specifiers(&mut self) -> PResult<Option<Vec<AccessSpecifier>>> {
        let mut specs = Vec::new();
        let mut pure: Option<Span> = None;
        loop {
            let negated = self.at(TokenKind::Exclaim)
                && (self.nth(1) == TokenKind::Acquires
                    || (self.nth(1) == TokenKind::Identifier
                        && matches!(self.nth_text(1), "reads" | "writes" | "pure")));
            if negated {
                self.bump();
            }
            let kind = match self.peek() {
                TokenKind::Acquires => AccessKind::Acquires,
                _ if self.at_word("reads") => AccessKind::Reads,
                _ if self.at_word("writes") => AccessKind::Writes,
                _ if self.at_word("pure") => {
                    let span = self.current_span();
                    self.bump();
                    if negated {
                        return Err(Box::new(Diagnostic::error(
                            Code::UnexpectedToken,
                            "'pure' cannot be negated",
                            span,
                            "",
                        )));
                    }
                    pure = Some(span);
                    continue;
                }
                _ => break,
            };
            self.bump();
            loop {
                specs.push(self.access_specifier(kind, negated)?);
                if self.at(TokenKind::Comma)
                    && matches!(
                        self.nth(1),
                        TokenKind::Identifier | TokenKind::Star | TokenKind::Number
                    )
                {
                    self.bump();
                } else {
                    self.eat(TokenKind::Comma);
                    break;
                }
            }
        }
        match pure {
            Some(span) if !specs.is_empty() => Err(Box::new(Diagnostic::error(
                Code::UnexpectedToken,
                "'pure' cannot be combined with 'acquires', 'reads' or 'writes'",
                span,
                "",
            ))),
            Some(_) => Ok(Some(Vec::new())),
            None if specs.is_empty() => Ok(None),
            None => Ok(Some(specs)),
        }
    }

    fn access_specifier(&mut self, kind: AccessKind, negated: bool) -> PResult<AccessSpecifier> {
        let start = self.start();
        let resource = self.name_chain(true, "a resource name")?;
        let type_args = self.optional_type_args()?;
        let address = if self.eat(TokenKind::LParen) {
            let a = match self.peek() {
                TokenKind::Star => {
                    self.bump();
                    AddressSpecifier::Any
                }
                TokenKind::Number => {
                    let t = self.bump();
                    AddressSpecifier::Literal(Name {
                        value: t.text(self.src).to_string(),
                        span: self.token_span(t),
                    })
                }
                _ => {
                    let chain = self.name_chain(false, "an address")?;
                    let targs = self.optional_type_args()?;
                    if self.eat(TokenKind::LParen) {
                        let param = self.ident()?;
                        self.expect(TokenKind::RParen)?;
                        AddressSpecifier::Call(chain, targs, param)
                    } else {
                        match (chain.as_single(), targs) {
                            (Some(n), None) => AddressSpecifier::Name(n.clone()),
                            _ => {
                                return Err(Box::new(Diagnostic::error(
                                    Code::UnexpectedToken,
                                    "invalid address specifier",
                                    chain.span,
                                    "expected '*', an address, a parameter name or a call",
                                )));
                            }
                        }
                    }
                }
            };
            self.expect(TokenKind::RParen)?;
            a
        } else {
            AddressSpecifier::Empty
        };
        Ok(AccessSpecifier {
            kind,
            negated,
            resource,
            type_args,
            address,
            span: self.span_from(start),
        })
    }

    /// `struct`/`enum` declarations (see [`StructLayout`] for the forms).
    fn struct_decl(
        &mut self,
        attributes: Attributes,
        doc: Vec<Span>,
        start: u32,
        m: Modifiers,
        is_enum: bool,
    ) -> PResult<StructDef> {
        self.reject_modifier(m.entry, "entry", "types");
        let visibility = m.visibility();
        self.bump(); // `struct` / `enum`
        let name = self.ident()?;
        let type_parameters = self.struct_type_parameters()?;
        let mut abilities = self.abilities()?;
        let layout = if let Some(span) = m.native {
            if is_enum {
                self.reject_modifier(Some(span), "native", "enums");
            }
            self.expect(TokenKind::Semicolon)?;
            StructLayout::Native(span)
        } else if is_enum {
            let open = self.expect(TokenKind::LBrace)?;
            let mut variants = Vec::new();
            while !self.at(TokenKind::RBrace) {
                if self.at(TokenKind::Eof) {
                    return Err(self.unclosed(open));
                }
                let (variant, braced) = self.variant()?;
                variants.push(variant);
                // After `V { .. }` the comma is optional; otherwise required before the next.
                if (!braced && !self.at(TokenKind::RBrace)) || self.at(TokenKind::Comma) {
                    self.expect(TokenKind::Comma)?;
                }
            }
            self.bump();
            self.postfix_abilities(&mut abilities)?;
            StructLayout::Variants(variants)
        } else if self.at(TokenKind::LParen) {
            let fields = self.positional_fields()?;
            let after = self.abilities()?;
            if !after.is_empty() {
                if let Some(first) = abilities.first() {
                    self.conflicting_abilities(after[0].span, first.span);
                }
                abilities = after;
            }
            self.expect(TokenKind::Semicolon)?;
            StructLayout::Fields {
                fields,
                positional: true,
            }
        } else if self.at(TokenKind::LBrace) {
            let fields = self.comma_list(TokenKind::LBrace, TokenKind::RBrace, "a field", |p| {
                p.field_decl()
            })?;
            self.postfix_abilities(&mut abilities)?;
            StructLayout::Fields {
                fields,
                positional: false,
            }
        } else {
            if !self.at(TokenKind::Semicolon) {
                return Err(self.unexpected("'{', '(' or ';'"));
            }
            self.bump();
            StructLayout::Fields {
                fields: Vec::new(),
                positional: true,
            }
        };
        Ok(StructDef {
            attributes,
            doc,
            visibility,
            name,
            type_parameters,
            abilities,
            layout,
            span: self.span_from(start),
        })
    }

    /// `has a, b` after the field or variant list, then `;`.
    fn postfix_abilities(&mut self, abilities: &mut Vec<Ability>) -> PResult<()> {
        let after = self.abilities()?;
        if after.is_empty() {
            return Ok(());
        }
        self.expect(TokenKind::Semicolon)?;
        if let Some(first) = abilities.first() {
            self.conflicting_abilities(after[0].span, first.span);
        } else {
            *abilities = after;
        }
        Ok(())
    }

    fn conflicting_abilities(&mut self, at: Span, first: Span) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::ConflictingAbilities,
                "abilities declared twice",
                at,
                "declare abilities either before or after the fields, not both",
            )
            .with_secondary(first, "first declared here"),
        );
    }

    fn field_decl(&mut self) -> PResult<FieldDecl> {
        let doc = self.docs_between(self.pos, self.pos);
        let name = self.ident()?;
        self.expect(TokenKind::Colon)?;
        let ty = self.ty()?;
        Ok(FieldDecl { doc, name, ty })
    }

    /// `(T1, T2)`: fields named `0`, `1`, .. spanning their types.
    fn positional_fields(&mut self) -> PResult<Vec<FieldDecl>> {
        let types = self.comma_list(TokenKind::LParen, TokenKind::RParen, "a field type", |p| {
            p.ty()
        })?;
        Ok(types
            .into_iter()
            .enumerate()
            .map(|(i, ty)| FieldDecl {
                doc: Vec::new(),
                name: Name {
                    value: i.to_string(),
                    span: ty.span,
                },
                ty,
            })
            .collect())
    }

    /// An enum variant; the flag says whether it had a braced field list.
    fn variant(&mut self) -> PResult<(Variant, bool)> {
        let first = self.pos;
        let attributes = self.attributes()?;
        let doc = self.docs_between(first, self.pos);
        let start = self.start();
        let name = self.ident()?;
        let (fields, positional, braced) = match self.peek() {
            TokenKind::LBrace => (
                self.comma_list(TokenKind::LBrace, TokenKind::RBrace, "a field", |p| {
                    p.field_decl()
                })?,
                false,
                true,
            ),
            TokenKind::LParen => (self.positional_fields()?, true, false),
            _ => (Vec::new(), false, false),
        };
        Ok((
            Variant {
                attributes,
                doc,
                name,
                fields,
                positional,
                span: self.span_from(start),
            },
            braced,
        ))
    }

    /// `script { uses consts fun specs }`
    fn script(&mut self, attributes: Attributes) -> PResult<Script> {
        let start = self.start();
        self.bump(); // `script`
        let open = self.expect(TokenKind::LBrace)?;
        let mut uses = Vec::new();
        let mut constants = Vec::new();
        let mut first = self.pos;
        let mut attrs = self.attributes()?;
        while self.at(TokenKind::Use) {
            uses.push(self.use_decl(attrs)?);
            first = self.pos;
            attrs = self.attributes()?;
        }
        while self.at(TokenKind::Const) {
            let doc = self.docs_between(first, self.pos);
            let cstart = self.start();
            constants.push(self.constant(attrs, doc, cstart, Modifiers::default())?);
            first = self.pos;
            attrs = self.attributes()?;
        }
        let doc = self.docs_between(first, self.pos);
        let fstart = self.start();
        let modifiers = self.modifiers()?;
        if !matches!(self.peek(), TokenKind::Fun | TokenKind::Inline) {
            return Err(self.unexpected("'use', 'const' or 'fun'"));
        }
        let function = self.function(attrs, doc, fstart, modifiers)?;
        loop {
            self.attributes()?;
            if self.at(TokenKind::Spec) {
                self.skip_spec_block()?;
            } else {
                break;
            }
        }
        if !self.at(TokenKind::RBrace) {
            if self.at(TokenKind::Eof) {
                return Err(self.unclosed(open));
            }
            return Err(self.unexpected("'}' (a script has exactly one function)"));
        }
        self.bump();
        Ok(Script {
            attributes,
            uses,
            constants,
            function,
            span: self.span_from(start),
        })
    }
}

/// Modifiers read before a declaration.
#[derive(Clone, Copy, Default)]
pub(super) struct Modifiers {
    visibility: Option<Visibility>,
    /// `public(script)` was written (read as `public entry`).
    script: Option<Span>,
    native: Option<Span>,
    entry: Option<Span>,
}

impl Modifiers {
    fn visibility(&self) -> Visibility {
        self.visibility.unwrap_or(Visibility::Internal)
    }
}

fn visibility_span(v: Visibility) -> Option<Span> {
    match v {
        Visibility::Internal => None,
        Visibility::Public(s) | Visibility::Friend(s) | Visibility::Package(s) => Some(s),
    }
}

fn closing(open: TokenKind) -> &'static str {
    match open {
        TokenKind::LBrace => "}",
        TokenKind::LParen => ")",
        TokenKind::LBracket => "]",
        TokenKind::Less => ">",
        TokenKind::Pipe => "|",
        _ => "the closing delimiter",
    }
}
