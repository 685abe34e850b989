//! The parser's output: Move source as written, with a [`Span`] on every node.
//!
//! Nothing is resolved here: names are as written ([`NameAccessChain`]), numbers keep their
//! text, `for` loops and receiver calls are their own nodes (the next stage desugars them).
//! Specification constructs are not represented: module-level `spec` blocks, spec functions,
//! schemas and `invariant`s are dropped; a `spec { .. }` block inside code leaves only
//! [`ExpKind::Spec`] (a unit value) or nothing when it stands as a statement.

use crate::source::Span;

/// An identifier (or a merged attribute name such as `lint::skip`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The text.
    pub value: String,
    /// Where.
    pub span: Span,
}

/// A parsed file: modules, address blocks and scripts in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// Top-level definitions (file-level `spec` modules are dropped).
    pub definitions: Vec<Definition>,
    /// The whole file.
    pub span: Span,
}

/// A top-level definition.
// Few per file: boxing the larger variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Definition {
    /// `module a::m { .. }`
    Module(Module),
    /// `address a { module m { .. } .. }`
    Address(AddressBlock),
    /// `script { .. }`
    Script(Script),
}

/// `#[..]` attribute groups written before a definition.
pub type Attributes = Vec<AttributeGroup>;

/// One `#[a, b(c = d)]` group.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeGroup {
    /// The attributes inside the brackets.
    pub attributes: Vec<Attribute>,
    /// From `#` to `]`.
    pub span: Span,
}

/// One attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// Its name (`test`, `lint::skip`, ...) and arguments.
    pub kind: AttributeKind,
    /// Where.
    pub span: Span,
}

/// The shapes of an attribute.
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeKind {
    /// `#[view]`
    Name(Name),
    /// `#[name = value]`
    Assigned(Name, AttributeValue),
    /// `#[name(inner, ..)]`
    Parameterized(Name, Vec<Attribute>),
}

impl Attribute {
    /// The attribute's name.
    pub fn name(&self) -> &Name {
        match &self.kind {
            AttributeKind::Name(n)
            | AttributeKind::Assigned(n, _)
            | AttributeKind::Parameterized(n, _) => n,
        }
    }
}

/// The value in `name = value`.
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeValue {
    /// A literal (`1`, `@0x1`, `b"x"`, `true`).
    Value(Value),
    /// A name (`Self`, `std::error::E`, `aptos_framework::coin`).
    Name(NameAccessChain),
}

/// The address part of a module identifier: a number or a named address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeadingName {
    /// `0x1` (text as written; checked by the expansion stage).
    Address(Name),
    /// `std`, `aptos_framework`, or a module alias / local name.
    Name(Name),
}

impl LeadingName {
    /// The name or number as written.
    pub fn name(&self) -> &Name {
        match self {
            LeadingName::Address(n) | LeadingName::Name(n) => n,
        }
    }

    /// Where.
    pub fn span(&self) -> Span {
        self.name().span
    }
}

/// `a::b::c`: a leading name or address followed by up to three more names.
///
/// `x` (a local, a function, a type), `m::f`, `0x1::m::f`, `a::m::Enum::Variant`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAccessChain {
    /// The first part.
    pub root: LeadingName,
    /// The names after `::` (at most three).
    pub path: Vec<Name>,
    /// Where.
    pub span: Span,
}

impl NameAccessChain {
    /// The single name if the chain is one identifier.
    pub fn as_single(&self) -> Option<&Name> {
        match (&self.root, self.path.is_empty()) {
            (LeadingName::Name(n), true) => Some(n),
            _ => None,
        }
    }

    /// The last name of the chain.
    pub fn last(&self) -> &Name {
        self.path.last().unwrap_or_else(|| self.root.name())
    }
}

/// `address::module`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleIdent {
    /// The address (number or name).
    pub address: LeadingName,
    /// The module name.
    pub module: Name,
    /// Where.
    pub span: Span,
}

/// `address a { .. }`
#[derive(Clone, Debug, PartialEq)]
pub struct AddressBlock {
    /// Attributes before `address`.
    pub attributes: Attributes,
    /// The address.
    pub address: LeadingName,
    /// The modules inside (their `address` is `None`).
    pub modules: Vec<Module>,
    /// Where.
    pub span: Span,
}

/// A module.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// Attributes (`#[test_only]`).
    pub attributes: Attributes,
    /// Doc comments (spans of `///` lines and `/** */` blocks) before the module.
    pub doc: Vec<Span>,
    /// `a` in `module a::m`; `None` inside an address block.
    pub address: Option<LeadingName>,
    /// The module name.
    pub name: Name,
    /// Members in source order (spec members dropped).
    pub members: Vec<ModuleMember>,
    /// Where.
    pub span: Span,
}

/// A module member.
#[derive(Clone, Debug, PartialEq)]
pub enum ModuleMember {
    /// `use ..;`
    Use(UseDecl),
    /// `friend a::m;`
    Friend(FriendDecl),
    /// `const ..;`
    Constant(Constant),
    /// `struct` or `enum`.
    Struct(StructDef),
    /// `fun`.
    Function(Function),
}

/// `script { .. }`
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    /// Attributes before `script`.
    pub attributes: Attributes,
    /// `use` declarations.
    pub uses: Vec<UseDecl>,
    /// Constants.
    pub constants: Vec<Constant>,
    /// The script function.
    pub function: Function,
    /// Where.
    pub span: Span,
}

/// `use ..;`
#[derive(Clone, Debug, PartialEq)]
pub struct UseDecl {
    /// Attributes (`#[test_only]`).
    pub attributes: Attributes,
    /// What is used.
    pub kind: UseKind,
    /// Where.
    pub span: Span,
}

/// The forms of `use`.
#[derive(Clone, Debug, PartialEq)]
pub enum UseKind {
    /// `use a::m;` / `use a::m as n;`
    Module {
        /// The module.
        module: ModuleIdent,
        /// `as n`.
        alias: Option<Name>,
    },
    /// `use a::m::f;`, `use a::m::{Self, f as g, S};`
    Members {
        /// The module.
        module: ModuleIdent,
        /// Members with their aliases (`Self` names the module itself).
        members: Vec<(Name, Option<Name>)>,
    },
}

/// `friend a::m;`
#[derive(Clone, Debug, PartialEq)]
pub struct FriendDecl {
    /// Attributes.
    pub attributes: Attributes,
    /// The friend module.
    pub friend: NameAccessChain,
    /// Where.
    pub span: Span,
}

/// Declared visibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// No modifier.
    Internal,
    /// `public`
    Public(Span),
    /// `public(friend)` or `friend`
    Friend(Span),
    /// `public(package)` or `package`
    Package(Span),
}

/// An ability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ability {
    /// Which.
    pub kind: AbilityKind,
    /// Where.
    pub span: Span,
}

/// The four abilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbilityKind {
    /// `copy`
    Copy,
    /// `drop`
    Drop,
    /// `store`
    Store,
    /// `key`
    Key,
}

/// `T: copy + drop` (functions).
#[derive(Clone, Debug, PartialEq)]
pub struct TypeParameter {
    /// The name.
    pub name: Name,
    /// Required abilities.
    pub constraints: Vec<Ability>,
}

/// `phantom T: store` (structs and enums).
#[derive(Clone, Debug, PartialEq)]
pub struct StructTypeParameter {
    /// Declared `phantom`.
    pub is_phantom: bool,
    /// The name.
    pub name: Name,
    /// Required abilities.
    pub constraints: Vec<Ability>,
}

/// A type as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    /// Which.
    pub kind: TypeKind,
    /// Where.
    pub span: Span,
}

/// The forms of a type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// `u64`, `vector<T>`, `m::S<T>`, `T`
    Apply(NameAccessChain, Vec<Type>),
    /// `&T`, `&mut T`
    Ref {
        /// `&mut`.
        mutable: bool,
        /// The referenced type.
        inner: Box<Type>,
    },
    /// `|T1, T2| R has copy + drop` (a function value type)
    Fun {
        /// Parameter types.
        params: Vec<Type>,
        /// Result type (`()` when omitted).
        result: Box<Type>,
        /// `has ..` abilities.
        abilities: Vec<Ability>,
    },
    /// `()`
    Unit,
    /// `(T1, T2, ..)` (two or more)
    Tuple(Vec<Type>),
}

/// A constant.
#[derive(Clone, Debug, PartialEq)]
pub struct Constant {
    /// Attributes.
    pub attributes: Attributes,
    /// Doc comments.
    pub doc: Vec<Span>,
    /// `public` etc. (newer Move only).
    pub visibility: Visibility,
    /// The name.
    pub name: Name,
    /// The declared type.
    pub ty: Type,
    /// The value expression.
    pub value: Exp,
    /// Where.
    pub span: Span,
}

/// A `struct` or `enum`.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Attributes (`#[event]`, `#[resource_group_member(..)]`).
    pub attributes: Attributes,
    /// Doc comments.
    pub doc: Vec<Span>,
    /// Declared visibility (`public struct` in newer Move).
    pub visibility: Visibility,
    /// The name.
    pub name: Name,
    /// Type parameters.
    pub type_parameters: Vec<StructTypeParameter>,
    /// `has ..` (before or after the fields).
    pub abilities: Vec<Ability>,
    /// Fields or variants.
    pub layout: StructLayout,
    /// Where.
    pub span: Span,
}

/// The body of a struct or enum.
#[derive(Clone, Debug, PartialEq)]
pub enum StructLayout {
    /// `native struct S;` (span of `native`).
    Native(Span),
    /// `struct S { f: T }` or `struct P(T, U);` (`positional`; fields named `0`, `1`, ..)
    /// or `struct S;` / `struct S has drop;` (positional, no field).
    Fields {
        /// The fields.
        fields: Vec<FieldDecl>,
        /// Declared with `( .. )` (or no fields at all).
        positional: bool,
    },
    /// `enum E { A, B { f: T }, C(T) }`
    Variants(Vec<Variant>),
}

/// A field declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    /// Doc comments.
    pub doc: Vec<Span>,
    /// The name (`0`, `1`, .. for positional fields, spanning the type).
    pub name: Name,
    /// The type.
    pub ty: Type,
}

/// An enum variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Attributes.
    pub attributes: Attributes,
    /// Doc comments.
    pub doc: Vec<Span>,
    /// The name.
    pub name: Name,
    /// Fields (positional ones named `0`, `1`, ..).
    pub fields: Vec<FieldDecl>,
    /// Declared with `( .. )`.
    pub positional: bool,
    /// Where.
    pub span: Span,
}

/// A function.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// Attributes (`#[view]`, `#[test]`).
    pub attributes: Attributes,
    /// Doc comments.
    pub doc: Vec<Span>,
    /// Visibility (`public(script)` is read as `public` + `entry`, with a warning).
    pub visibility: Visibility,
    /// `entry`
    pub entry: Option<Span>,
    /// `inline`
    pub inline: bool,
    /// The name.
    pub name: Name,
    /// Type parameters, parameters, return type.
    pub signature: FunctionSignature,
    /// `acquires`, `reads`, `writes` clauses; `Some(vec![])` for `pure`, `None` when absent.
    pub access_specifiers: Option<Vec<AccessSpecifier>>,
    /// The body, or `native`.
    pub body: FunctionBody,
    /// Where.
    pub span: Span,
}

/// A function's signature.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionSignature {
    /// `<T: copy>`
    pub type_parameters: Vec<TypeParameter>,
    /// `(x: u64, self: &S)`
    pub parameters: Vec<(Name, Type)>,
    /// `: T` (`()` spanning the name when omitted).
    pub return_type: Type,
}

/// A function body.
#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    /// `native fun ..;` (span of `native`).
    Native(Span),
    /// `{ .. }`
    Defined(Sequence),
}

/// Which resource access a specifier declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessKind {
    /// `acquires`
    Acquires,
    /// `reads`
    Reads,
    /// `writes`
    Writes,
}

/// One item of `acquires R, m::S<T>(addr)`.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessSpecifier {
    /// acquires / reads / writes.
    pub kind: AccessKind,
    /// Preceded by `!`.
    pub negated: bool,
    /// The resource (may contain `*` wildcards, as names with text `*`).
    pub resource: NameAccessChain,
    /// `<T>`
    pub type_args: Option<Vec<Type>>,
    /// `(addr)`
    pub address: AddressSpecifier,
    /// Where.
    pub span: Span,
}

/// The `(..)` after an access specifier.
#[derive(Clone, Debug, PartialEq)]
pub enum AddressSpecifier {
    /// Nothing.
    Empty,
    /// `(*)`
    Any,
    /// `(0x1)`
    Literal(Name),
    /// `(param)`
    Name(Name),
    /// `(f<T>(param))`
    Call(NameAccessChain, Option<Vec<Type>>, Name),
}

/// `{ use ..; item; item; trailing }`
#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    /// `use` declarations at the start of the block.
    pub uses: Vec<UseDecl>,
    /// Statements (`let` or expression followed by `;` — or not, after a block-like
    /// expression).
    pub items: Vec<SequenceItem>,
    /// The value of the block (the last expression, without `;`).
    pub trailing: Option<Box<Exp>>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceItem {
    /// Which.
    pub kind: SequenceItemKind,
    /// Where (without the `;`).
    pub span: Span,
}

/// The forms of a statement.
#[derive(Clone, Debug, PartialEq)]
pub enum SequenceItemKind {
    /// `e;`
    Exp(Exp),
    /// `let p: T = e;` / `let p;`
    Let {
        /// The pattern(s): `x`, `(a, b)`, `S { f, .. }`.
        binds: BindList,
        /// `: T`
        ty: Option<Type>,
        /// `= e`
        value: Option<Exp>,
    },
}

/// A pattern list: one pattern, or `( .. )` of several.
#[derive(Clone, Debug, PartialEq)]
pub struct BindList {
    /// The patterns.
    pub binds: Vec<Bind>,
    /// Where.
    pub span: Span,
}

/// A pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct Bind {
    /// Which.
    pub kind: BindKind,
    /// Where.
    pub span: Span,
}

/// The forms of a pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum BindKind {
    /// `x` (or `_`)
    Var(Name),
    /// `S { f: p, g, .. }`, `V(p, ..)`, `E::V` (no fields)
    Unpack {
        /// The struct or variant.
        name: NameAccessChain,
        /// `<T>`
        type_args: Option<Vec<Type>>,
        /// The field patterns.
        fields: BindFields,
    },
    /// A literal (`1`, `true`, `b"x"`) in a `match` arm.
    Literal(Value),
    /// `lo..hi`, `lo..=hi`, `..hi`, `lo..` in a `match` arm.
    Range {
        /// Lower bound.
        lo: Option<Value>,
        /// Upper bound.
        hi: Option<Value>,
        /// `..=`
        inclusive: bool,
    },
}

/// The fields of an unpack pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum BindFields {
    /// No field list (`E::V`).
    None,
    /// `{ f: p, g, .. }`
    Named(Vec<FieldBind>),
    /// `(p, q, ..)`
    Positional(Vec<PositionalBind>),
}

/// One item of `{ .. }` in a pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldBind {
    /// `f: p` or `f` (binding a variable `f`).
    Field(Name, Bind),
    /// `..` (the other fields are ignored).
    Rest(Span),
}

/// One item of `( .. )` in a pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum PositionalBind {
    /// A pattern.
    Bind(Bind),
    /// `..`
    Rest(Span),
}

/// A lambda parameter: `x` or `x: T` (or a pattern).
#[derive(Clone, Debug, PartialEq)]
pub struct TypedBind {
    /// The pattern.
    pub bind: Bind,
    /// `: T`
    pub ty: Option<Type>,
    /// Where.
    pub span: Span,
}

/// A literal.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Which.
    pub kind: ValueKind,
    /// Where.
    pub span: Span,
}

/// The forms of a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    /// `@0x1`, `@std`
    Address(LeadingName),
    /// `true` / `false`
    Bool(bool),
    /// A number as written, with its suffix (`1_000`, `0xFFu8`, `-1`; the sign only in newer
    /// Move's literal patterns and negated literals).
    Num(String),
    /// `b"..."` (decoded)
    ByteString(Vec<u8>),
    /// `x"..."` (decoded)
    HexString(Vec<u8>),
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Exp {
    /// Which.
    pub kind: ExpKind,
    /// Where.
    pub span: Span,
}

/// How a named call is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// `f(..)`
    Regular,
    /// `assert!(..)`
    Macro,
}

/// `move |x| ..` / `copy |x| ..`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CaptureKind {
    /// No modifier.
    #[default]
    Default,
    /// `move`
    Move,
    /// `copy`
    Copy,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
}

/// Binary operators, from lowest to highest precedence (see [`BinOp::precedence`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Implies,
    Iff,
    Or,
    And,
    Eq,
    Neq,
    Lt,
    Gt,
    Le,
    Ge,
    Range,
    BitOr,
    Xor,
    BitAnd,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl BinOp {
    /// Move's precedence (higher binds tighter); all operators are left-associative.
    pub fn precedence(self) -> u8 {
        use BinOp::*;
        match self {
            Implies | Iff => 2,
            Or => 3,
            And => 4,
            Eq | Neq | Lt | Gt | Le | Ge => 5,
            Range => 6,
            BitOr => 7,
            Xor => 8,
            BitAnd => 9,
            Shl | Shr => 10,
            Add | Sub => 11,
            Mul | Div | Mod => 12,
        }
    }

    /// How the operator is written.
    pub fn as_str(self) -> &'static str {
        use BinOp::*;
        match self {
            Implies => "==>",
            Iff => "<==>",
            Or => "||",
            And => "&&",
            Eq => "==",
            Neq => "!=",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            Range => "..",
            BitOr => "|",
            Xor => "^",
            BitAnd => "&",
            Shl => "<<",
            Shr => ">>",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Mod => "%",
        }
    }
}

/// An arm of `match`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    /// The pattern(s).
    pub binds: BindList,
    /// `if cond`
    pub guard: Option<Exp>,
    /// `=> body`
    pub body: Exp,
    /// Where.
    pub span: Span,
}

/// The forms of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpKind {
    /// A literal.
    Value(Value),
    /// `move x`
    Move(Name),
    /// `copy x`
    Copy(Name),
    /// `x`, `m::CONST`, `f<T>` (no call)
    Name(NameAccessChain, Option<Vec<Type>>),
    /// `f(..)`, `m::f<T>(..)`, `assert!(..)`
    Call {
        /// The function (or macro).
        name: NameAccessChain,
        /// Regular or macro.
        kind: CallKind,
        /// `<T>`
        type_args: Option<Vec<Type>>,
        /// Arguments.
        args: Vec<Exp>,
    },
    /// `x.f(..)`, `x.f<T>(..)`: a receiver-style call.
    MethodCall {
        /// `x`
        receiver: Box<Exp>,
        /// `f`
        method: Name,
        /// `<T>`
        type_args: Option<Vec<Type>>,
        /// Arguments after the receiver.
        args: Vec<Exp>,
    },
    /// `e(..)`: calling a function value.
    ExpCall(Box<Exp>, Vec<Exp>),
    /// `S { f: e, g }`, `S<T> {}`
    Pack(NameAccessChain, Option<Vec<Type>>, Vec<(Name, Exp)>),
    /// `vector[..]`, `vector<T>[..]`
    Vector(Option<Vec<Type>>, Vec<Exp>),
    /// `if (c) e1 else e2`
    IfElse(Box<Exp>, Box<Exp>, Option<Box<Exp>>),
    /// `'l: while (c) body`
    While(Option<Name>, Box<Exp>, Box<Exp>),
    /// `'l: loop body`
    Loop(Option<Name>, Box<Exp>),
    /// `for (i in lo..hi) body`
    For {
        /// The loop variable.
        var: Name,
        /// `lo`
        lower: Box<Exp>,
        /// `hi` (exclusive)
        upper: Box<Exp>,
        /// The body.
        body: Box<Exp>,
    },
    /// `match (e) { arms }`
    Match(Box<Exp>, Vec<MatchArm>),
    /// `{ .. }`
    Block(Sequence),
    /// `|x, y: T| body`
    Lambda {
        /// Parameters.
        params: Vec<TypedBind>,
        /// Body.
        body: Box<Exp>,
        /// `move` / `copy` modifier.
        capture: CaptureKind,
    },
    /// `(e1, e2, ..)`
    ExpList(Vec<Exp>),
    /// `()`
    Unit,
    /// `lhs = rhs`, `lhs += rhs` (op is `Some(Add)`), ..
    Assign {
        /// Target.
        lhs: Box<Exp>,
        /// The operator of a compound assignment.
        op: Option<BinOp>,
        /// Value.
        rhs: Box<Exp>,
    },
    /// `return` / `return e`
    Return(Option<Box<Exp>>),
    /// `abort e`
    Abort(Box<Exp>),
    /// `break` / `break 'l`
    Break(Option<Name>),
    /// `continue` / `continue 'l`
    Continue(Option<Name>),
    /// `*e`
    Dereference(Box<Exp>),
    /// `!e`, `-e`
    Unary(UnaryOp, Box<Exp>),
    /// `e1 op e2`
    Binary(Box<Exp>, BinOp, Box<Exp>),
    /// `&e`, `&mut e`
    Borrow {
        /// `&mut`
        mutable: bool,
        /// The borrowed expression.
        exp: Box<Exp>,
    },
    /// `e.f`, `e.0`
    Dot(Box<Exp>, Name),
    /// `e[i]`, `R[addr]`
    Index(Box<Exp>, Box<Exp>),
    /// `(e as T)`
    Cast(Box<Exp>, Type),
    /// `(e: T)`
    Annotate(Box<Exp>, Type),
    /// `(e is V1 | V2)`
    Test(Box<Exp>, Vec<Type>),
    /// A `spec { .. }` block used as a value: dropped, leaving unit.
    Spec,
}
