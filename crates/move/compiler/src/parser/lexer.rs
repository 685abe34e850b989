//! The Move lexer: source text to a vector of [`Token`]s (kind + byte range), ending in
//! [`TokenKind::Eof`].
//!
//! Follows the Aptos compiler's lexer (Move 2): hard keywords are few (`fun`, `struct`, `spec`,
//! ...); `entry`, `enum`, `match`, `for`, `package`, `phantom`, `has`, `address`, `vector`, `mut`
//! and the spec words are identifiers the parser recognises by text where they matter. Numbers
//! keep their text (`0x1F`, `1_000`, `1u64`); byte and hex strings keep theirs too and are decoded
//! by [`decode_byte_string`] / [`decode_hex_string`]. Comments are skipped; doc comments
//! (`///`, `/** */`, but not `////`, `/***`, `/**/`) are kept aside as [`DocComment`]s with the
//! index of the token they precede, for the parser to attach.
//!
//! Lexing never fails: a bad character is reported and skipped, an unclosed string still makes
//! a token, so the parser sees a usable stream and reports at most one follow-up error.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// What a token is. Keywords first, then literals, then punctuation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // the names say it; `describe` gives the text
pub enum TokenKind {
    Eof,
    // literals and names
    /// `1`, `0x1F`, `1_000` (no suffix).
    Number,
    /// `1u64`, `0xFFu8`: a number with a type suffix.
    TypedNumber,
    /// `b"..."` (escapes not yet decoded).
    ByteString,
    /// `x"..."`.
    HexString,
    Identifier,
    /// `'name` (loop label).
    Label,
    // keywords
    Abort,
    Acquires,
    As,
    Break,
    Const,
    Continue,
    Copy,
    Else,
    False,
    Friend,
    Fun,
    If,
    Inline,
    Invariant,
    Let,
    Loop,
    Module,
    Move,
    Native,
    Public,
    Return,
    Script,
    Spec,
    Struct,
    True,
    Use,
    While,
    // punctuation
    Exclaim,
    ExclaimEqual,
    Percent,
    PercentEqual,
    Amp,
    AmpAmp,
    AmpEqual,
    AmpMut,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Star,
    StarEqual,
    Plus,
    PlusEqual,
    Minus,
    MinusEqual,
    Comma,
    Period,
    PeriodPeriod,
    PeriodPeriodEqual,
    Slash,
    SlashEqual,
    Colon,
    ColonColon,
    Semicolon,
    Less,
    LessEqual,
    LessLess,
    LessLessEqual,
    LessEqualEqualGreater,
    Equal,
    EqualEqual,
    EqualGreater,
    EqualEqualGreater,
    Greater,
    GreaterEqual,
    GreaterGreater,
    GreaterGreaterEqual,
    Caret,
    CaretEqual,
    Pipe,
    PipePipe,
    PipeEqual,
    /// `|~` (newer spec syntax; never valid in code).
    PipeTilde,
    NumSign,
    AtSign,
}

impl TokenKind {
    /// How the token is written (or what it is, for literals), for messages.
    pub fn describe(self) -> &'static str {
        use TokenKind::*;
        match self {
            Eof => "end of file",
            Number | TypedNumber => "a number",
            ByteString => "a byte string",
            HexString => "a hex string",
            Identifier => "an identifier",
            Label => "a label",
            Abort => "abort",
            Acquires => "acquires",
            As => "as",
            Break => "break",
            Const => "const",
            Continue => "continue",
            Copy => "copy",
            Else => "else",
            False => "false",
            Friend => "friend",
            Fun => "fun",
            If => "if",
            Inline => "inline",
            Invariant => "invariant",
            Let => "let",
            Loop => "loop",
            Module => "module",
            Move => "move",
            Native => "native",
            Public => "public",
            Return => "return",
            Script => "script",
            Spec => "spec",
            Struct => "struct",
            True => "true",
            Use => "use",
            While => "while",
            Exclaim => "!",
            ExclaimEqual => "!=",
            Percent => "%",
            PercentEqual => "%=",
            Amp => "&",
            AmpAmp => "&&",
            AmpEqual => "&=",
            AmpMut => "&mut",
            LParen => "(",
            RParen => ")",
            LBracket => "[",
            RBracket => "]",
            LBrace => "{",
            RBrace => "}",
            Star => "*",
            StarEqual => "*=",
            Plus => "+",
            PlusEqual => "+=",
            Minus => "-",
            MinusEqual => "-=",
            Comma => ",",
            Period => ".",
            PeriodPeriod => "..",
            PeriodPeriodEqual => "..=",
            Slash => "/",
            SlashEqual => "/=",
            Colon => ":",
            ColonColon => "::",
            Semicolon => ";",
            Less => "<",
            LessEqual => "<=",
            LessLess => "<<",
            LessLessEqual => "<<=",
            LessEqualEqualGreater => "<==>",
            Equal => "=",
            EqualEqual => "==",
            EqualGreater => "=>",
            EqualEqualGreater => "==>",
            Greater => ">",
            GreaterEqual => ">=",
            GreaterGreater => ">>",
            GreaterGreaterEqual => ">>=",
            Caret => "^",
            CaretEqual => "^=",
            Pipe => "|",
            PipePipe => "||",
            PipeEqual => "|=",
            PipeTilde => "|~",
            NumSign => "#",
            AtSign => "@",
        }
    }

    /// Whether this is a reserved word (never an identifier).
    pub fn is_keyword(self) -> bool {
        use TokenKind::*;
        matches!(
            self,
            Abort
                | Acquires
                | As
                | Break
                | Const
                | Continue
                | Copy
                | Else
                | False
                | Friend
                | Fun
                | If
                | Inline
                | Invariant
                | Let
                | Loop
                | Module
                | Move
                | Native
                | Public
                | Return
                | Script
                | Spec
                | Struct
                | True
                | Use
                | While
        )
    }
}

/// The keyword spelled `text`, if it is one.
pub fn keyword(text: &str) -> Option<TokenKind> {
    use TokenKind::*;
    Some(match text {
        "abort" => Abort,
        "acquires" => Acquires,
        "as" => As,
        "break" => Break,
        "const" => Const,
        "continue" => Continue,
        "copy" => Copy,
        "else" => Else,
        "false" => False,
        "friend" => Friend,
        "fun" => Fun,
        "if" => If,
        "inline" => Inline,
        "invariant" => Invariant,
        "let" => Let,
        "loop" => Loop,
        "module" => Module,
        "move" => Move,
        "native" => Native,
        "public" => Public,
        "return" => Return,
        "script" => Script,
        "spec" => Spec,
        "struct" => Struct,
        "true" => True,
        "use" => Use,
        "while" => While,
        _ => return None,
    })
}

/// One token: its kind and byte range in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Token {
    /// The token's text in `source` (the text it was lexed from).
    pub fn text(self, source: &str) -> &str {
        source
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// A documentation comment (`/// ...` or `/** ... */`) and the token that follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocComment {
    /// The whole comment, delimiters included.
    pub span: Span,
    /// Index (in [`Lexed::tokens`]) of the first token after the comment.
    pub next_token: u32,
}

/// The lexer's output.
#[derive(Debug, Default)]
pub struct Lexed {
    /// All tokens, the last one [`TokenKind::Eof`].
    pub tokens: Vec<Token>,
    /// Doc comments in source order.
    pub doc_comments: Vec<DocComment>,
    /// Lexical errors (the tokens are still usable).
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes a whole file.
pub fn lex(source: &str, file: FileId) -> Lexed {
    let mut lexer = Lexer {
        src: source.as_bytes(),
        text: source,
        file,
        pos: 0,
        out: Lexed {
            // Move averages about one token per 4.5 bytes; one allocation for most files.
            tokens: Vec::with_capacity(source.len() / 4 + 1),
            ..Lexed::default()
        },
    };
    if u32::try_from(source.len()).is_err() {
        lexer.out.diagnostics.push(Diagnostic::error(
            Code::FileTooLarge,
            "source file too large (4 GiB or more)",
            Span::new(file, 0, 0),
            "",
        ));
        lexer.out.tokens.clear();
        lexer.out.tokens.push(Token {
            kind: TokenKind::Eof,
            start: 0,
            end: 0,
        });
        return lexer.out;
    }
    lexer.run();
    lexer.out
}

struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    file: FileId,
    pos: usize,
    out: Lexed,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Characters Move accepts inside byte strings: printable ASCII and tab.
fn is_string_char(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || b == b'\t'
}

const NUMBER_SUFFIXES: [&str; 12] = [
    "u256", "u128", "u64", "u32", "u16", "u8", "i256", "i128", "i64", "i32", "i16", "i8",
];

impl Lexer<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        // `lex` refused files whose offsets do not fit in u32.
        Span::new(self.file, start as u32, end as u32)
    }

    fn peek_at(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.out.tokens.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
        });
    }

    fn error(
        &mut self,
        code: Code,
        message: impl Into<String>,
        start: usize,
        end: usize,
        label: &str,
    ) {
        let span = self.span(start, end);
        self.out
            .diagnostics
            .push(Diagnostic::error(code, message, span, label));
    }

    fn run(&mut self) {
        loop {
            if !self.skip_trivia() {
                break;
            }
            let start = self.pos;
            let Some(&b) = self.src.get(start) else { break };
            match b {
                b'0'..=b'9' => self.number(start),
                b'b' | b'x' if self.peek_at(start + 1) == b'"' => {
                    let kind = if b == b'b' {
                        TokenKind::ByteString
                    } else {
                        TokenKind::HexString
                    };
                    self.string(start, start + 2, kind);
                }
                b if is_ident_start(b) => {
                    let mut end = start + 1;
                    while end < self.src.len() && is_ident_continue(self.src[end]) {
                        end += 1;
                    }
                    let kind = keyword(&self.text[start..end]).unwrap_or(TokenKind::Identifier);
                    self.pos = end;
                    self.push(kind, start, end);
                }
                b'\'' => {
                    if is_ident_start(self.peek_at(start + 1)) {
                        let mut end = start + 2;
                        while end < self.src.len() && is_ident_continue(self.src[end]) {
                            end += 1;
                        }
                        self.pos = end;
                        self.push(TokenKind::Label, start, end);
                    } else {
                        self.pos = start + 1;
                        self.error(
                            Code::InvalidLabel,
                            "invalid label",
                            start,
                            start + 1,
                            "a label quote must be followed by a name ('A'-'Z', 'a'-'z' or '_')",
                        );
                    }
                }
                b'"' => {
                    // Report, then lex it as a byte string so that parsing goes on.
                    let before = self.out.diagnostics.len();
                    self.string(start, start + 1, TokenKind::ByteString);
                    if self.out.diagnostics.len() == before {
                        self.error(
                            Code::UnprefixedString,
                            "string literal without a prefix",
                            start,
                            self.pos,
                            "Move strings are byte strings: write b\"...\" (or x\"...\" for hex)",
                        );
                    }
                }
                _ => self.punctuation(start, b),
            }
        }
        let end = self.src.len();
        self.push(TokenKind::Eof, end, end);
    }

    /// Skips whitespace and comments, recording doc comments. Returns false at end of input
    /// (or after an unclosed block comment, which swallows the rest).
    fn skip_trivia(&mut self) -> bool {
        loop {
            let Some(&b) = self.src.get(self.pos) else {
                return false;
            };
            match b {
                b' ' | b'\t' | b'\n' => self.pos += 1,
                b'\r' if self.peek_at(self.pos + 1) == b'\n' => self.pos += 2,
                b'/' if self.peek_at(self.pos + 1) == b'/' => {
                    let start = self.pos;
                    let is_doc = self.peek_at(start + 2) == b'/' && self.peek_at(start + 3) != b'/';
                    let end = memchr_newline(self.src, start);
                    self.pos = end;
                    if is_doc {
                        self.doc(start, end);
                    }
                }
                b'/' if self.peek_at(self.pos + 1) == b'*' => {
                    if !self.block_comment() {
                        return false;
                    }
                }
                _ => return true,
            }
        }
    }

    fn doc(&mut self, start: usize, end: usize) {
        let span = self.span(start, end);
        let next_token = self.out.tokens.len() as u32;
        self.out.doc_comments.push(DocComment { span, next_token });
    }

    /// Skips a (nested) block comment starting at `self.pos`. False if it is unclosed.
    fn block_comment(&mut self) -> bool {
        let start = self.pos;
        let is_doc = self.peek_at(start + 2) == b'*'
            && self.peek_at(start + 3) != b'*'
            && self.peek_at(start + 3) != b'/';
        let mut depth = 0usize;
        let mut i = start;
        while i < self.src.len() {
            match (self.src[i], self.peek_at(i + 1)) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        self.pos = i;
                        if is_doc {
                            self.doc(start, i);
                        }
                        return true;
                    }
                }
                _ => i += 1,
            }
        }
        let marker = if is_doc { 3 } else { 2 };
        self.error(
            Code::UnclosedComment,
            "unclosed block comment",
            start,
            start + marker,
            "this comment has no closing '*/'",
        );
        self.pos = self.src.len();
        false
    }

    fn number(&mut self, start: usize) {
        let src = self.src;
        let mut end;
        if src[start] == b'0'
            && self.peek_at(start + 1) == b'x'
            && (self.peek_at(start + 2).is_ascii_hexdigit() || self.peek_at(start + 2) == b'_')
        {
            end = start + 2;
            while end < src.len() && (src[end].is_ascii_hexdigit() || src[end] == b'_') {
                end += 1;
            }
        } else if src[start] == b'0' && self.peek_at(start + 1) == b'x' {
            // `0x` with no digit: the number is `0` (then an identifier), as in Aptos.
            end = start + 1;
        } else {
            end = start + 1;
            while end < src.len() && (src[end].is_ascii_digit() || src[end] == b'_') {
                end += 1;
            }
        }
        let rest = &self.text[end..];
        let mut kind = TokenKind::Number;
        if let Some(suffix) = NUMBER_SUFFIXES.iter().find(|s| rest.starts_with(**s)) {
            end += suffix.len();
            kind = TokenKind::TypedNumber;
        }
        self.pos = end;
        self.push(kind, start, end);
    }

    /// A string literal whose body starts at `body` (after `b"`, `x"` or `"`); it must close on
    /// the same line.
    fn string(&mut self, start: usize, body: usize, kind: TokenKind) {
        let src = self.src;
        let mut i = body;
        let mut bad_char: Option<usize> = None;
        let closed = loop {
            let Some(&b) = src.get(i) else { break false };
            match b {
                b'"' => break true,
                b'\n' => break false,
                b'\r' if self.peek_at(i + 1) == b'\n' => break false,
                b'\\' => {
                    // The escaped character is checked by the decoder; here it only must not
                    // end the line or the string.
                    match src.get(i + 1) {
                        Some(b'\n') | None => i += 1,
                        Some(&c) if c < 0x80 => i += 2,
                        Some(_) => i += 1,
                    }
                }
                b if is_string_char(b) => i += 1,
                _ => {
                    bad_char.get_or_insert(i);
                    i += char_len_at(self.text, i);
                }
            }
        };
        let end = if closed { i + 1 } else { i };
        self.pos = end;
        self.push(kind, start, end);
        if let Some(at) = bad_char {
            let len = char_len_at(self.text, at);
            let c = self.text[at..].chars().next().unwrap_or(' ');
            self.error(
                Code::InvalidCharacter,
                format!("invalid character {c:?} in a string literal"),
                at,
                at + len,
                "only printable ASCII is allowed; write other bytes as \\xHH",
            );
        }
        if !closed {
            self.error(
                Code::UnclosedString,
                "unclosed string literal",
                start,
                end,
                "missing the closing '\"' on this line",
            );
        }
    }

    fn punctuation(&mut self, start: usize, b: u8) {
        use TokenKind::*;
        let n1 = self.peek_at(start + 1);
        let n2 = self.peek_at(start + 2);
        let n3 = self.peek_at(start + 3);
        let (kind, len) = match b {
            b'!' if n1 == b'=' => (ExclaimEqual, 2),
            b'!' => (Exclaim, 1),
            b'%' if n1 == b'=' => (PercentEqual, 2),
            b'%' => (Percent, 1),
            b'&' if n1 == b'&' => (AmpAmp, 2),
            b'&' if n1 == b'=' => (AmpEqual, 2),
            b'&' if n1 == b'm'
                && n2 == b'u'
                && n3 == b't'
                && !is_ident_continue(self.peek_at(start + 4)) =>
            {
                (AmpMut, 4)
            }
            b'&' => (Amp, 1),
            b'(' => (LParen, 1),
            b')' => (RParen, 1),
            b'[' => (LBracket, 1),
            b']' => (RBracket, 1),
            b'{' => (LBrace, 1),
            b'}' => (RBrace, 1),
            b'*' if n1 == b'=' => (StarEqual, 2),
            b'*' => (Star, 1),
            b'+' if n1 == b'=' => (PlusEqual, 2),
            b'+' => (Plus, 1),
            b'-' if n1 == b'=' => (MinusEqual, 2),
            b'-' => (Minus, 1),
            b',' => (Comma, 1),
            b'.' if n1 == b'.' && n2 == b'=' => (PeriodPeriodEqual, 3),
            b'.' if n1 == b'.' => (PeriodPeriod, 2),
            b'.' => (Period, 1),
            b'/' if n1 == b'=' => (SlashEqual, 2),
            b'/' => (Slash, 1),
            b':' if n1 == b':' => (ColonColon, 2),
            b':' => (Colon, 1),
            b';' => (Semicolon, 1),
            b'<' if n1 == b'=' && n2 == b'=' && n3 == b'>' => (LessEqualEqualGreater, 4),
            b'<' if n1 == b'<' && n2 == b'=' => (LessLessEqual, 3),
            b'<' if n1 == b'<' => (LessLess, 2),
            b'<' if n1 == b'=' => (LessEqual, 2),
            b'<' => (Less, 1),
            b'=' if n1 == b'=' && n2 == b'>' => (EqualEqualGreater, 3),
            b'=' if n1 == b'=' => (EqualEqual, 2),
            b'=' if n1 == b'>' => (EqualGreater, 2),
            b'=' => (Equal, 1),
            b'>' if n1 == b'>' && n2 == b'=' => (GreaterGreaterEqual, 3),
            b'>' if n1 == b'>' => (GreaterGreater, 2),
            b'>' if n1 == b'=' => (GreaterEqual, 2),
            b'>' => (Greater, 1),
            b'^' if n1 == b'=' => (CaretEqual, 2),
            b'^' => (Caret, 1),
            b'|' if n1 == b'|' => (PipePipe, 2),
            b'|' if n1 == b'=' => (PipeEqual, 2),
            b'|' if n1 == b'~' => (PipeTilde, 2),
            b'|' => (Pipe, 1),
            b'#' => (NumSign, 1),
            b'@' => (AtSign, 1),
            _ => {
                let len = char_len_at(self.text, start);
                let c = self.text[start..].chars().next().unwrap_or(' ');
                self.pos = start + len;
                self.error(
                    Code::InvalidCharacter,
                    format!("invalid character {c:?}"),
                    start,
                    start + len,
                    "not part of any Move token",
                );
                return;
            }
        };
        self.pos = start + len;
        self.push(kind, start, start + len);
    }
}

fn memchr_newline(src: &[u8], from: usize) -> usize {
    src[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |p| from + p)
}

/// Byte length of the UTF-8 character starting at `i` (1 if `i` is not on a boundary).
fn char_len_at(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

/// A problem in a string literal's body: byte offset (in the body) and length, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringError {
    /// Offset of the bad part in the body.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
    /// What is wrong.
    pub message: String,
}

/// Decodes the body of `b"..."` (between the quotes): printable ASCII with the escapes
/// `\n \r \t \\ \0 \" \xHH`.
pub fn decode_byte_string(body: &str) -> Result<Vec<u8>, StringError> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let escaped = bytes.get(i + 1).copied();
        let decoded = match escaped {
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'\\') => b'\\',
            Some(b'0') => 0,
            Some(b'"') => b'"',
            Some(b'x') => {
                let hi = bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16));
                let lo = bytes.get(i + 3).and_then(|c| (*c as char).to_digit(16));
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 4;
                        continue;
                    }
                    _ => {
                        let len = (bytes.len() - i).min(4);
                        return Err(StringError {
                            offset: i,
                            len,
                            message: "'\\x' must be followed by two hex digits".into(),
                        });
                    }
                }
            }
            _ => {
                let len = 1 + escaped.map_or(0, |_| char_len_at(body, i + 1));
                return Err(StringError {
                    offset: i,
                    len,
                    message: "unknown escape; use one of \\n \\r \\t \\\\ \\0 \\\" \\xHH".into(),
                });
            }
        };
        out.push(decoded);
        i += 2;
    }
    Ok(out)
}

/// Decodes the body of `x"..."`: an even number of hex digits.
pub fn decode_hex_string(body: &str) -> Result<Vec<u8>, StringError> {
    if let Some(offset) = body.bytes().position(|b| !b.is_ascii_hexdigit()) {
        return Err(StringError {
            offset,
            len: char_len_at(body, offset),
            message: "not a hex digit".into(),
        });
    }
    if !body.len().is_multiple_of(2) {
        return Err(StringError {
            offset: 0,
            len: body.len(),
            message: "odd number of hex digits".into(),
        });
    }
    Ok(body
        .as_bytes()
        .chunks(2)
        .map(|p| {
            let h = (p[0] as char).to_digit(16).unwrap_or(0);
            let l = (p[1] as char).to_digit(16).unwrap_or(0);
            (h * 16 + l) as u8
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::TokenKind::*;
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let l = lex(src, FileId(0));
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.tokens.iter().map(|t| t.kind).collect()
    }

    fn texts(src: &str) -> Vec<String> {
        let l = lex(src, FileId(0));
        l.tokens.iter().map(|t| t.text(src).to_string()).collect()
    }

    #[test]
    fn keywords_and_contextual_words() {
        assert_eq!(
            kinds(
                "module fun spec entry enum match for package phantom has mut address vector Self"
            ),
            vec![
                Module, Fun, Spec, Identifier, Identifier, Identifier, Identifier, Identifier,
                Identifier, Identifier, Identifier, Identifier, Identifier, Identifier, Eof
            ]
        );
        assert_eq!(
            kinds("specs spec_x _x x1"),
            vec![Identifier, Identifier, Identifier, Identifier, Eof]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            texts("1u64 0x1F 1_000 0xffu8 7u256 3i64 0x"),
            vec![
                "1u64", "0x1F", "1_000", "0xffu8", "7u256", "3i64", "0", "x", ""
            ]
        );
        assert_eq!(
            kinds("1u64 0x1F 42"),
            vec![TypedNumber, Number, Number, Eof]
        );
        // Positional field access: no floats in Move.
        assert_eq!(texts("x.0.1"), vec!["x", ".", "0", ".", "1", ""]);
    }

    #[test]
    fn operators_longest_match() {
        assert_eq!(
            kinds(
                "+= -= *= /= %= &= |= ^= <<= >>= .. ..= :: ==> <==> => == != <= >= << >> && || ! & | ^ @ #"
            ),
            vec![
                PlusEqual,
                MinusEqual,
                StarEqual,
                SlashEqual,
                PercentEqual,
                AmpEqual,
                PipeEqual,
                CaretEqual,
                LessLessEqual,
                GreaterGreaterEqual,
                PeriodPeriod,
                PeriodPeriodEqual,
                ColonColon,
                EqualEqualGreater,
                LessEqualEqualGreater,
                EqualGreater,
                EqualEqual,
                ExclaimEqual,
                LessEqual,
                GreaterEqual,
                LessLess,
                GreaterGreater,
                AmpAmp,
                PipePipe,
                Exclaim,
                Amp,
                Pipe,
                Caret,
                AtSign,
                NumSign,
                Eof
            ]
        );
        assert_eq!(
            kinds("&mut x &mutable &mut(x)"),
            vec![
                AmpMut, Identifier, Amp, Identifier, AmpMut, LParen, Identifier, RParen, Eof
            ]
        );
    }

    #[test]
    fn strings_and_labels() {
        assert_eq!(
            kinds(r#"b"a\"b" x"0aff" 'outer"#),
            vec![ByteString, HexString, Label, Eof]
        );
        assert_eq!(texts(r#"b"a\"b""#)[0], r#"b"a\"b""#);
        assert_eq!(
            decode_byte_string(r#"a\n\x41\\\0\t\r\""#).unwrap(),
            b"a\nA\\\0\t\r\"".to_vec()
        );
        assert!(decode_byte_string(r"\q").is_err());
        assert!(decode_byte_string(r"\x4").is_err());
        assert_eq!(decode_hex_string("0aFF").unwrap(), vec![0x0a, 0xff]);
        assert!(decode_hex_string("abc").is_err());
        assert!(decode_hex_string("zz").is_err());
    }

    #[test]
    fn comments_and_doc_comments() {
        let src = "/// doc\n//// not doc\n/* a /* nested */ b */ /** block doc */ /*** no */ /**/ x // tail\n";
        let l = lex(src, FileId(0));
        assert!(l.diagnostics.is_empty());
        assert_eq!(l.tokens.len(), 2);
        let docs: Vec<&str> = l
            .doc_comments
            .iter()
            .map(|d| &src[d.span.range()])
            .collect();
        assert_eq!(docs, vec!["/// doc", "/** block doc */"]);
        assert!(l.doc_comments.iter().all(|d| d.next_token == 0));
    }

    #[test]
    fn errors_are_diagnostics() {
        let l = lex("a $ b", FileId(0));
        assert_eq!(l.diagnostics.len(), 1);
        assert_eq!(l.diagnostics[0].code, Code::InvalidCharacter);
        assert_eq!(l.tokens.len(), 3);

        let l = lex("/* open", FileId(0));
        assert_eq!(l.diagnostics[0].code, Code::UnclosedComment);

        let l = lex("b\"open\nx", FileId(0));
        assert_eq!(l.diagnostics[0].code, Code::UnclosedString);
        assert_eq!(l.tokens[0].kind, ByteString);
        assert_eq!(l.tokens[1].kind, Identifier);

        let l = lex("\"text\"", FileId(0));
        assert_eq!(l.diagnostics[0].code, Code::UnprefixedString);

        let l = lex("' x", FileId(0));
        assert_eq!(l.diagnostics[0].code, Code::InvalidLabel);

        let l = lex("b\"é\" ü", FileId(0));
        assert_eq!(l.diagnostics.len(), 2);
        assert!(
            l.diagnostics
                .iter()
                .all(|d| d.code == Code::InvalidCharacter)
        );
    }

    #[test]
    fn crlf_is_whitespace() {
        assert_eq!(kinds("a\r\nb // c\r\n"), vec![Identifier, Identifier, Eof]);
    }
}
