//! The typed tree: function bodies after the typing stage, input of inlining and code
//! generation.
//!
//! Every expression carries its [`Type`] (closed: no inference variable) and its source
//! [`Span`]. Names are resolved: locals to [`LocalId`]s (a shadowing `let` gets a new one),
//! functions to [`FunId`]s, structs to [`StructId`]s with field and variant positions, constants
//! to their folded [`ConstValue`]. Source sugar is gone: `x.f` is a field borrow and a
//! dereference, `v[i]` a `vector::borrow` call, `&R[a]` a global borrow, `for` a `loop`,
//! `x += e` an assignment, receiver calls ordinary calls, `&&`/`||` [`BinOp::And`] /
//! [`BinOp::Or`] (short-circuit, code generation branches). What remains for later stages:
//!
//! - calls of `inline` functions, [`ExpKind::Lambda`] arguments and [`ExpKind::Invoke`] of a
//!   lambda parameter — the inlining stage replaces them all, so code generation never sees
//!   them;
//! - the choice between copy and move for [`ExpKind::Use`] (by liveness, in code generation),
//!   and the checks that need control flow (use after move, unassigned locals, values
//!   without `drop` left in locals, references still live), also in code generation.
//!
//! Evaluation order is the order of the children as stored (left to right, then the node),
//! except [`ExpKind::IfElse`], loops and short-circuit operators.

use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::int256::U256;

use crate::model::{FunId, StructId, Type};
use crate::source::Span;

/// A local of a function body: an index into [`FunBody::locals`]; parameters come first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalId(pub u32);

/// A loop, named by `break` and `continue` (unique within a function body).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LoopId(pub u32);

/// A local variable (or parameter, or a temporary introduced by a stage).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalDecl {
    /// The source name (`$t3`-style for temporaries, which never clash with source names).
    pub name: String,
    /// The type.
    pub ty: Type,
    /// Where it is declared (for temporaries, the expression they hold).
    pub span: Span,
}

/// A function body.
#[derive(Clone, Debug)]
pub struct FunBody {
    /// Every local: the parameters first (in order), then `let` bindings and temporaries.
    pub locals: Vec<LocalDecl>,
    /// The body; its value is the function's result (a `Tuple` for several returns).
    pub exp: Exp,
}

/// A folded constant value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstValue {
    /// `bool`
    Bool(bool),
    /// `u8`
    U8(u8),
    /// `u16`
    U16(u16),
    /// `u32`
    U32(u32),
    /// `u64`
    U64(u64),
    /// `u128`
    U128(u128),
    /// `u256`
    U256(U256),
    /// `address`
    Address(AccountAddress),
    /// `vector<T>` of constants (the element type is known from the expression's type).
    Vector(Vec<ConstValue>),
}

/// An expression.
#[derive(Clone, Debug)]
pub struct Exp {
    /// What it does.
    pub kind: ExpKind,
    /// Its type (`Tuple` for multi-value and unit, `Ref` for references).
    pub ty: Type,
    /// Where it is written.
    pub span: Span,
}

/// How a local's value is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UseKind {
    /// `copy x`
    Copy,
    /// `move x`
    Move,
    /// `x`: a move at its last use, a copy before (code generation decides).
    Infer,
}

/// Binary operators (operands evaluated left then right; `And`/`Or` short-circuit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    BitOr,
    BitAnd,
    Xor,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Neq,
    And,
    Or,
}

/// Storage operations on a resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalOp {
    /// `move_to(&signer, value)` (args: signer reference, value).
    MoveTo,
    /// `move_from<T>(addr)`
    MoveFrom,
    /// `borrow_global<T>(addr)` (`false`) / `borrow_global_mut<T>(addr)` (`true`); also
    /// `&R[addr]` / `&mut R[addr]`.
    Borrow(bool),
    /// `exists<T>(addr)`
    Exists,
}

/// A statement of a block.
#[derive(Clone, Debug)]
pub enum Stmt {
    /// `let p = e;` / `let p;` (the pattern's variables are fresh locals).
    Let(Pattern, Option<Exp>, Span),
    /// `e;` (the value is dropped: its type has `drop`, checked by typing).
    Exp(Exp),
}

/// The forms of an expression.
#[derive(Clone, Debug)]
pub enum ExpKind {
    /// A literal or a folded constant.
    Value(ConstValue),
    /// The value of a local (by copy, move, or inferred).
    Use(LocalId, UseKind),
    /// `&x` / `&mut x` of a local (`true` = mutable).
    BorrowLocal(bool, LocalId),
    /// `&(e).f` / `&mut (e).f`: `base` is a reference to a struct `StructId<targs>`; `field` is
    /// the field's position.
    BorrowField {
        /// `&mut`
        mutable: bool,
        /// A reference to the struct.
        base: Box<Exp>,
        /// The struct.
        struct_id: StructId,
        /// Its type arguments.
        type_args: Vec<Type>,
        /// The field position.
        field: u16,
    },
    /// A field all of `variants` of an enum have at the same position (`e.f` on an enum).
    BorrowVariantField {
        /// `&mut`
        mutable: bool,
        /// A reference to the enum value.
        base: Box<Exp>,
        /// The enum.
        struct_id: StructId,
        /// Its type arguments.
        type_args: Vec<Type>,
        /// The variants that have the field (sorted).
        variants: Vec<u16>,
        /// The field position in each of them.
        field: u16,
    },
    /// `*e` (copies the referenced value).
    Deref(Box<Exp>),
    /// `*r = v`: Move evaluates the value before the reference (the bytecode's `WriteRef`
    /// pops the reference above the value), so the value is stored first.
    Mutate {
        /// The value.
        value: Box<Exp>,
        /// The mutable reference.
        reference: Box<Exp>,
    },
    /// `&mut T` used as `&T`.
    Freeze(Box<Exp>),
    /// A call of a regular, native or inline function with its type arguments.
    Call(FunId, Vec<Type>, Vec<Exp>),
    /// Calling a function value: only a lambda parameter of an inline function (removed by
    /// inlining).
    Invoke(Box<Exp>, Vec<Exp>),
    /// `|params| body` as an argument of an inline function (removed by inlining). The
    /// parameters are patterns over fresh locals; captured variables are the enclosing body's
    /// locals.
    Lambda(Vec<Pattern>, Box<Exp>),
    /// A storage operation on `StructId<targs>` with its arguments.
    Global(GlobalOp, StructId, Vec<Type>, Vec<Exp>),
    /// `S<targs> { .. }`: field values in declaration order (typing binds out-of-order fields
    /// to temporaries first, so evaluation order is kept).
    Pack(StructId, Vec<Type>, Vec<Exp>),
    /// `E::V<targs> { .. }`: the variant's position and its field values in declaration order.
    PackVariant(StructId, u16, Vec<Type>, Vec<Exp>),
    /// `e is V1 | V2`: `e` is a reference to the enum value.
    TestVariant(StructId, Vec<Type>, Vec<u16>, Box<Exp>),
    /// `vector<T>[..]` (T = the element type).
    Vector(Type, Vec<Exp>),
    /// `!e`
    Not(Box<Exp>),
    /// `e1 op e2` (`Eq`/`Neq` on references compare the referenced values).
    Binary(BinOp, Box<Exp>, Box<Exp>),
    /// `(e as T)` between integer types (T = the expression's type).
    Cast(Box<Exp>),
    /// `(e1, e2, ..)`; `()` when empty.
    Tuple(Vec<Exp>),
    /// `if (c) t else e` (a missing `else` is `()`).
    IfElse(Box<Exp>, Box<Exp>, Box<Exp>),
    /// `while (c) body`.
    While(LoopId, Box<Exp>, Box<Exp>),
    /// `loop body`.
    Loop(LoopId, Box<Exp>),
    /// `break` out of a loop.
    Break(LoopId),
    /// `continue` a loop.
    Continue(LoopId),
    /// `return e` (e is `()` when omitted).
    Return(Box<Exp>),
    /// `abort e`
    Abort(Box<Exp>),
    /// `{ stmts; e }`
    Block(Vec<Stmt>, Box<Exp>),
    /// `p = e` / `(a, b) = e` / `S { f } = e` to existing locals.
    Assign(Pattern, Box<Exp>),
    /// `match (e) { arms }`: `e` is a value or a reference of an enum type.
    Match(Box<Exp>, Vec<MatchArm>),
}

/// An arm of a `match`.
#[derive(Clone, Debug)]
pub struct MatchArm {
    /// The pattern.
    pub pattern: Pattern,
    /// `if guard` (may only read the pattern's variables through references, as Aptos).
    pub guard: Option<Exp>,
    /// The arm's value.
    pub body: Exp,
    /// Where.
    pub span: Span,
}

/// A pattern (of `let`, assignments, lambda parameters and `match` arms).
#[derive(Clone, Debug)]
pub struct Pattern {
    /// Which.
    pub kind: PatternKind,
    /// The type of the value it matches (a `Ref` when unpacking through a reference: the
    /// sub-patterns then bind references to the fields).
    pub ty: Type,
    /// Where.
    pub span: Span,
}

/// The forms of a pattern.
#[derive(Clone, Debug)]
pub enum PatternKind {
    /// Binds (or, in an assignment, assigns) a local.
    Var(LocalId),
    /// `_`: the value is dropped (its type has `drop`).
    Wildcard,
    /// `S { .. }`: one sub-pattern per field in declaration order (`..` became wildcards).
    Struct(StructId, Vec<Type>, Vec<Pattern>),
    /// `E::V { .. }`: the variant's position and one sub-pattern per field.
    Variant(StructId, u16, Vec<Type>, Vec<Pattern>),
    /// `(p1, p2, ..)` against a multi-value.
    Tuple(Vec<Pattern>),
}

/// The struct id of a storage operation on a type parameter of an inline function
/// (`move_to<T>(s, v)` with `T: key`): its `type_args` hold the whole resource type. Inlining
/// substitutes the type; the driver then resolves the operation to the struct
/// ([`resolve_pending_globals`](crate::resolve_pending_globals)), so code generation never
/// sees it.
pub const PENDING_STRUCT: StructId = StructId {
    module: crate::model::ModuleIdx(u32::MAX),
    index: u32::MAX,
};

/// The body of [`for_each_child`] and [`for_each_child_mut`]: one list of the children of
/// every node, for shared (`&`, `iter`) and mutable (`&mut`, `iter_mut`) access.
macro_rules! children {
    ($e:expr, $f:expr, $($r:tt)*) => {{
        let f = $f;
        match $($r)* $e.kind {
            ExpKind::Value(_)
            | ExpKind::Use(..)
            | ExpKind::BorrowLocal(..)
            | ExpKind::Break(_)
            | ExpKind::Continue(_) => {}
            ExpKind::BorrowField { base, .. } | ExpKind::BorrowVariantField { base, .. } => {
                f(base)
            }
            ExpKind::Deref(x)
            | ExpKind::Freeze(x)
            | ExpKind::Not(x)
            | ExpKind::Cast(x)
            | ExpKind::Return(x)
            | ExpKind::Abort(x)
            | ExpKind::TestVariant(_, _, _, x)
            | ExpKind::Loop(_, x)
            | ExpKind::Assign(_, x)
            | ExpKind::Lambda(_, x) => f(x),
            ExpKind::Mutate { value, reference } => {
                f(value);
                f(reference);
            }
            ExpKind::Call(_, _, args)
            | ExpKind::Global(_, _, _, args)
            | ExpKind::Pack(_, _, args)
            | ExpKind::PackVariant(_, _, _, args)
            | ExpKind::Vector(_, args)
            | ExpKind::Tuple(args) => {
                for a in args {
                    f(a);
                }
            }
            ExpKind::Invoke(c, args) => {
                f(c);
                for a in args {
                    f(a);
                }
            }
            ExpKind::Binary(_, a, b) | ExpKind::While(_, a, b) => {
                f(a);
                f(b);
            }
            ExpKind::IfElse(c, t, e) => {
                f(c);
                f(t);
                f(e);
            }
            ExpKind::Block(stmts, last) => {
                for s in stmts {
                    if let Stmt::Let(_, Some(v), _) | Stmt::Exp(v) = s {
                        f(v);
                    }
                }
                f(last);
            }
            ExpKind::Match(x, arms) => {
                f(x);
                for arm in arms {
                    if let Some(g) = $($r)* arm.guard {
                        f(g);
                    }
                    f($($r)* arm.body);
                }
            }
        }
    }};
}

/// Calls `f` on each direct sub-expression of `e`, in evaluation order (patterns excluded).
pub fn for_each_child<'a>(e: &'a Exp, f: &mut dyn FnMut(&'a Exp)) {
    children!(e, f, &);
}

/// Calls `f` on each direct sub-expression of `e`, mutably, in evaluation order.
pub fn for_each_child_mut(e: &mut Exp, f: &mut dyn FnMut(&mut Exp)) {
    children!(e, f, &mut);
}

/// Calls `f` on `e` and every expression inside it (patterns excluded), parents first.
pub fn visit<'a>(e: &'a Exp, f: &mut dyn FnMut(&'a Exp)) {
    stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
        f(e);
        for_each_child(e, &mut |c| visit(c, f));
    });
}

/// Calls `f` on `e` and every expression inside it (patterns excluded), parents first.
pub fn visit_mut(e: &mut Exp, f: &mut dyn FnMut(&mut Exp)) {
    stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
        f(e);
        for_each_child_mut(e, &mut |c| visit_mut(c, f));
    });
}
