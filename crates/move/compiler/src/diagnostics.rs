//! The one diagnostics type of every compiler stage: a stable [`Code`], a severity, a message
//! and labelled [`Span`]s, rendered with `codespan-reporting` as `file:line:col` with the source
//! line shown.
//!
//! Codes are numbered by stage (1xx lexer, 2xx parser; later stages take the next hundreds)
//! and never renumbered: tests, goldens and users may match on them.

use crate::source::{SourceFiles, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational.
    Note,
    /// Compilation goes on.
    Warning,
    /// The input is rejected.
    Error,
}

/// Stable diagnostic codes, rendered as `M` + four digits (`M0201`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    // ---- lexer (1xx) ----
    /// A character that is not part of any Move token.
    InvalidCharacter = 101,
    /// `/*` without its `*/`.
    UnclosedComment = 102,
    /// `b"` or `x"` without a closing quote on the same line.
    UnclosedString = 103,
    /// An escape in a byte string other than `\n \r \t \\ \0 \" \xHH`.
    InvalidEscape = 104,
    /// A hex string with a non-hex digit or an odd number of digits.
    InvalidHexString = 105,
    /// A string literal without the `b` or `x` prefix.
    UnprefixedString = 106,
    /// A `'` not followed by a label name.
    InvalidLabel = 107,
    /// A source file larger than the lexer's 4 GiB offset range.
    FileTooLarge = 108,
    // ---- parser (2xx) ----
    /// A token the grammar does not allow here.
    UnexpectedToken = 201,
    /// The same modifier (visibility, `native`, `entry`) given twice.
    DuplicateModifier = 202,
    /// A modifier on a declaration it does not apply to (`entry struct`, `native const`).
    InvalidModifier = 203,
    /// `public(...)` with something other than `friend` or `package`.
    InvalidVisibility = 204,
    /// Expressions, types or patterns nested deeper than the parser allows.
    NestingTooDeep = 205,
    /// Abilities given both before and after a field or variant list.
    ConflictingAbilities = 206,
    /// Too many errors in one file: the parser stopped reporting.
    TooManyErrors = 207,
    /// Old syntax still accepted (`public(script)`).
    Deprecated = 290,
    // ---- expansion: declarations and names (3xx) ----
    /// A name that resolves to nothing (module, member, type, address).
    UnboundName = 301,
    /// Two declarations with the same name in one scope (members, modules, fields, variants,
    /// type parameters, parameters).
    DuplicateDeclaration = 302,
    /// A named address without a value.
    UnassignedAddress = 303,
    /// A malformed address or number literal.
    InvalidLiteral = 304,
    /// An attribute that is unknown, misplaced or malformed.
    InvalidAttribute = 305,
    /// A `use` that nothing refers to.
    UnusedUse = 306,
    /// Modules that depend on each other in a cycle (uses or friends).
    CyclicDependency = 307,
    /// A declaration the language does not allow (e.g. a field of reference type).
    InvalidDeclaration = 308,
    // ---- typing (4xx) ----
    /// Two types that must be equal are not.
    TypeMismatch = 401,
    /// A type the program needs could not be inferred.
    CannotInferType = 402,
    /// A type lacks an ability the operation or constraint needs.
    MissingAbility = 403,
    /// Wrong number of arguments, type arguments, fields or patterns.
    ArityMismatch = 404,
    /// A function, struct or field used where it is not visible.
    Visibility = 405,
    /// A resource accessed by a function that does not declare it in `acquires` (or an
    /// `acquires` the function does not need).
    Acquires = 406,
    /// An operation not allowed here (assigning a non-local, `break` outside a loop, storage
    /// operations outside the struct's module, ...).
    InvalidOperation = 407,
    /// A constant expression that cannot be evaluated (or overflows).
    InvalidConstant = 408,
    /// A local variable never used.
    UnusedVariable = 409,
    /// Code that can never run.
    UnreachableCode = 410,
    /// Use of a deprecated member.
    DeprecatedUse = 411,
    // ---- inlining (5xx) ----
    /// An inline function that (directly or indirectly) calls itself.
    RecursiveInline = 501,
    /// A lambda used where inlining cannot place it (stored, returned, or a construct that
    /// is not allowed inside it).
    InvalidLambda = 502,
    // ---- code generation and its flow checks (6xx) ----
    /// A local used after it was moved, or before it was assigned.
    UseAfterMove = 601,
    /// A value without `drop` left unused (in a local at return, overwritten, or discarded).
    UnusedResource = 602,
    /// A borrow rule broken (a value used while borrowed, a reference outliving its source,
    /// returning a reference to a local).
    BorrowError = 603,
    /// A limit of the bytecode format exceeded (locals, instructions, pool sizes).
    LimitExceeded = 604,
    /// The generated code failed the bytecode verifier: a compiler bug.
    VerifierRejection = 690,
    // ---- packages (7xx) ----
    /// A malformed or inconsistent `Move.toml`.
    InvalidManifest = 701,
    /// A dependency that cannot be found or resolved.
    UnresolvedDependency = 702,
    /// The same module from two packages, or two packages of one name.
    PackageConflict = 703,
    /// Packages that depend on each other in a cycle.
    CyclicPackages = 704,
    /// A named address given two values, or none (manifests, `--named-addresses`).
    AddressAssignment = 705,
}

impl Code {
    /// The number of the code (stable).
    pub fn number(self) -> u16 {
        self as u16
    }

    /// The rendered code, e.g. `M0201`.
    pub fn as_string(self) -> String {
        format!("M{:04}", self.number())
    }
}

/// A span with a message, pointing into the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it (may be empty).
    pub message: String,
    /// The primary label says where the problem is; secondary ones give context.
    pub primary: bool,
}

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// The headline.
    pub message: String,
    /// Spans with messages; the first primary one is the location.
    pub labels: Vec<Label>,
    /// Free-form notes shown after the source excerpt.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error with `message` and a primary label at `span` saying `label`.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, message, span, label)
    }

    /// A warning with `message` and a primary label at `span` saying `label`.
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, message, span, label)
    }

    fn new(
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                message: label.into(),
                primary: true,
            }],
            notes: Vec::new(),
        }
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this rejects the input.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The span of the first primary label (the diagnostic's location).
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).map(|l| l.span)
    }

    fn to_codespan(&self) -> cs::Diagnostic<crate::source::FileId> {
        let severity = match self.severity {
            Severity::Note => cs::Severity::Note,
            Severity::Warning => cs::Severity::Warning,
            Severity::Error => cs::Severity::Error,
        };
        cs::Diagnostic::new(severity)
            .with_code(self.code.as_string())
            .with_message(self.message.clone())
            .with_labels(
                self.labels
                    .iter()
                    .map(|l| {
                        let style = if l.primary {
                            cs::LabelStyle::Primary
                        } else {
                            cs::LabelStyle::Secondary
                        };
                        cs::Label::new(style, l.span.file, l.span.range())
                            .with_message(l.message.clone())
                    })
                    .collect(),
            )
            .with_notes(self.notes.clone())
    }
}

/// Renders diagnostics as plain text (no colour): `error[M0201]: ...`, then
/// `┌─ file:line:col` and the source lines with the labels under them.
///
/// A diagnostic whose span is not in `files` is rendered as its headline only (rendering never
/// fails).
pub fn render(files: &SourceFiles, diagnostics: &[Diagnostic]) -> String {
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        match term::emit_into_string(&config, files, &d.to_codespan()) {
            Ok(s) => out.push_str(&s),
            Err(_) => {
                out.push_str(&format!(
                    "{:?}[{}]: {}\n\n",
                    d.severity,
                    d.code.as_string(),
                    d.message
                ));
            }
        }
    }
    out
}

/// Writes diagnostics to standard error, coloured when it is a terminal.
pub fn emit_to_stderr(files: &SourceFiles, diagnostics: &[Diagnostic]) {
    use term::termcolor::{ColorChoice, StandardStream};
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let writer = StandardStream::stderr(choice);
    let mut lock = writer.lock();
    let config = term::Config::default();
    for d in diagnostics {
        // A failure to write to stderr has nowhere to be reported.
        let _ = term::emit_to_write_style(&mut lock, &config, files, &d.to_codespan());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_col_and_source_line() {
        let mut files = SourceFiles::new();
        let id = files.add("m.move", "module 0x1::m {\n    fun f() { 1 + }\n}\n");
        let d = Diagnostic::error(
            Code::UnexpectedToken,
            "unexpected '}'",
            Span::new(id, 34, 35),
            "expected an expression",
        )
        .with_secondary(Span::new(id, 30, 31), "after this operator")
        .with_note("a note");
        let text = render(&files, &[d]);
        assert!(text.starts_with("error[M0201]: unexpected '}'\n"), "{text}");
        assert!(text.contains("m.move:2:19"), "{text}");
        assert!(text.contains("    fun f() { 1 + }"), "{text}");
        assert!(text.contains("expected an expression"), "{text}");
        assert!(text.contains("= a note"), "{text}");
    }

    #[test]
    fn unknown_file_still_renders() {
        let files = SourceFiles::new();
        let d = Diagnostic::warning(Code::Deprecated, "old", Span::default(), "");
        assert!(render(&files, &[d]).contains("M0290"));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(Code::InvalidCharacter.as_string(), "M0101");
        assert_eq!(Code::UnexpectedToken.as_string(), "M0201");
        assert_eq!(Code::Deprecated.number(), 290);
    }
}
