//! Specification constructs, recognised and dropped.
//!
//! The compiler does not verify specifications, so their contents are not parsed: a spec
//! block is skipped by balancing braces over the token stream (spec syntax uses only tokens the
//! lexer knows, so strings or comments cannot unbalance it). What is recognised:
//! - `spec <target> { .. }` where target is `module`, `schema Name<T>`, a function or struct
//!   name with an optional signature, or nothing (`spec { .. }` inside code); an optional
//!   trailing `proof { .. }`;
//! - `spec fun f(..): T { .. }`, `spec fun f(..): T;`, `spec native fun f(..): T;`;
//! - `spec a::m { .. }` at file level (a specification module);
//! - module-level `invariant .. ;`.
//!
//! `spec` is a keyword, so an identifier can never be mistaken for one.

use super::{PResult, Parser};
use crate::parser::lexer::{Token, TokenKind};

impl Parser<'_> {
    /// Skips a spec block or spec function, at `spec`.
    pub(super) fn skip_spec_block(&mut self) -> PResult<()> {
        let spec = self.bump();
        if matches!(self.peek(), TokenKind::Fun | TokenKind::Native) {
            // A spec function: its signature, then a body or `;`.
            return self.skip_until_body_or_semicolon(spec, true);
        }
        self.skip_until_body_or_semicolon(spec, false)?;
        // `spec f { .. } proof { .. }`
        if self.at_word("proof") && self.nth(1) == TokenKind::LBrace {
            self.bump();
            self.skip_braces()?;
        }
        Ok(())
    }

    /// Skips the header after `spec` up to a `{ .. }` body (skipped too), or up to a `;` at
    /// nesting level zero when `semicolon_ends` (uninterpreted and native spec functions).
    fn skip_until_body_or_semicolon(&mut self, spec: Token, semicolon_ends: bool) -> PResult<()> {
        let mut parens = 0usize;
        loop {
            match self.peek() {
                TokenKind::LBrace if parens == 0 => return self.skip_braces(),
                TokenKind::Semicolon if parens == 0 && semicolon_ends => {
                    self.bump();
                    return Ok(());
                }
                TokenKind::LParen | TokenKind::LBracket => parens += 1,
                TokenKind::RParen | TokenKind::RBracket if parens > 0 => parens -= 1,
                TokenKind::Semicolon
                | TokenKind::RBrace
                | TokenKind::RParen
                | TokenKind::RBracket
                | TokenKind::Eof => {
                    let d = *self.unexpected("'{' (the body of this spec block)");
                    return Err(Box::new(
                        d.with_secondary(self.token_span(spec), "spec block starts here"),
                    ));
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips `{ .. }` with nested braces, at `{`.
    pub(super) fn skip_braces(&mut self) -> PResult<()> {
        let open = self.bump();
        let mut depth = 1usize;
        loop {
            match self.peek() {
                TokenKind::LBrace => depth += 1,
                TokenKind::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        self.bump();
                        return Ok(());
                    }
                }
                TokenKind::Eof => return Err(self.unclosed(open)),
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips a module-level `invariant .. ;`, at `invariant`.
    pub(super) fn skip_invariant(&mut self) -> PResult<()> {
        let start = self.bump();
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::LBrace | TokenKind::LParen | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket if depth > 0 => {
                    depth -= 1;
                }
                TokenKind::Semicolon if depth == 0 => {
                    self.bump();
                    return Ok(());
                }
                TokenKind::RBrace | TokenKind::RParen | TokenKind::RBracket | TokenKind::Eof => {
                    let d = *self.unexpected("';' (the end of the invariant)");
                    return Err(Box::new(
                        d.with_secondary(self.token_span(start), "invariant starts here"),
                    ));
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// In code: `spec { .. }` (skipped), at `spec`.
    pub(super) fn skip_code_spec_block(&mut self) -> PResult<()> {
        let spec = self.bump();
        if !self.at(TokenKind::LBrace) {
            let d = *self.unexpected("'{' after 'spec'");
            return Err(Box::new(d.with_secondary(
                self.token_span(spec),
                "a spec block in code has no target",
            )));
        }
        self.skip_braces()
    }
}
