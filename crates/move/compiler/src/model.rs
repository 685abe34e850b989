//! The resolved program: every module's declarations with names resolved to indices and types
//! to [`Type`]s. Built by the expansion stage (declarations) and completed by the typing stage
//! (function bodies as [`tast`](crate::tast) trees, constants folded to values); read by
//! inlining, code generation, the package system and the test runner.
//!
//! Indices are stable for one compilation: [`ModuleIdx`] into [`Program::modules`], the `index`
//! of a [`StructId`] / [`FunId`] / [`ConstId`] into that module's `structs` / `functions` /
//! `constants`, in source order.

use std::fmt;

use lumio_move_core_types::ability::{Ability, AbilitySet};
use lumio_move_core_types::account_address::AccountAddress;

use crate::source::Span;
use crate::tast;

/// `address::name` of a module.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleId {
    /// The numeric address (named addresses are resolved).
    pub address: AccountAddress,
    /// The module name.
    pub name: String,
}

impl fmt::Display for ModuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{}::{}", self.address.short_str_lossless(), self.name)
    }
}

/// A module of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleIdx(pub u32);

/// A struct or enum: its module and its position among the module's `structs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructId {
    /// The declaring module.
    pub module: ModuleIdx,
    /// Position in [`Module::structs`].
    pub index: u32,
}

/// A function: its module and its position among the module's `functions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FunId {
    /// The declaring module.
    pub module: ModuleIdx,
    /// Position in [`Module::functions`].
    pub index: u32,
}

/// A constant: its module and its position among the module's `constants`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstId {
    /// The declaring module.
    pub module: ModuleIdx,
    /// Position in [`Module::constants`].
    pub index: u32,
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`
    Bool,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `u128`
    U128,
    /// `u256`
    U256,
    /// `address`
    Address,
    /// `signer`
    Signer,
    /// `vector<T>`
    Vector(Box<Type>),
    /// A struct or enum with its type arguments.
    Struct(StructId, Vec<Type>),
    /// The `n`-th type parameter of the enclosing function (or struct, in field types).
    Param(u16),
    /// `&T` (`false`) or `&mut T` (`true`).
    Ref(bool, Box<Type>),
    /// `()` (empty) or the type of a multi-value expression `(a, b)`; never nested, never
    /// inside another type.
    Tuple(Vec<Type>),
    /// A function value type `|A, B| R has ..`: the parameters of inline functions and the
    /// lambdas passed to them (never in bytecode).
    Fun(Vec<Type>, Box<Type>, AbilitySet),
    /// An inference variable (only while the typing stage runs; never in its output).
    Var(u32),
    /// The type of an expression whose error was already reported: unifies with anything and
    /// reports nothing further.
    Error,
}

impl Type {
    /// `()`.
    pub fn unit() -> Type {
        Type::Tuple(Vec::new())
    }

    /// Whether this is `()`.
    pub fn is_unit(&self) -> bool {
        matches!(self, Type::Tuple(v) if v.is_empty())
    }

    /// Whether this is `&T` or `&mut T`.
    pub fn is_ref(&self) -> bool {
        matches!(self, Type::Ref(..))
    }

    /// Whether this is one of the eight-to-256-bit unsigned integers.
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            Type::U8 | Type::U16 | Type::U32 | Type::U64 | Type::U128 | Type::U256
        )
    }

    /// Replaces `Param(i)` by `args[i]` (parameters beyond `args` are kept).
    pub fn subst(&self, args: &[Type]) -> Type {
        if args.is_empty() {
            return self.clone();
        }
        match self {
            Type::Param(i) => args
                .get(*i as usize)
                .cloned()
                .unwrap_or_else(|| self.clone()),
            Type::Vector(t) => Type::Vector(Box::new(t.subst(args))),
            Type::Struct(s, ts) => Type::Struct(*s, ts.iter().map(|t| t.subst(args)).collect()),
            Type::Ref(m, t) => Type::Ref(*m, Box::new(t.subst(args))),
            Type::Tuple(ts) => Type::Tuple(ts.iter().map(|t| t.subst(args)).collect()),
            Type::Fun(ps, r, a) => Type::Fun(
                ps.iter().map(|t| t.subst(args)).collect(),
                Box::new(r.subst(args)),
                *a,
            ),
            _ => self.clone(),
        }
    }
}

/// Declared visibility of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// No modifier: callable from the module only.
    Private,
    /// `public`
    Public,
    /// `public(friend)` / `friend`
    Friend,
    /// `public(package)` / `package`: friend visibility in bytecode, the friends being every
    /// module of the same package that calls it (as Aptos).
    Package,
}

/// A module.
#[derive(Clone, Debug)]
pub struct Module {
    /// `address::name`.
    pub id: ModuleId,
    /// The package (index into the compilation's input packages) the module comes from.
    pub package: u32,
    /// The whole `module .. { }`.
    pub span: Span,
    /// Where the name is written.
    pub name_span: Span,
    /// `#[test_only]` on the module.
    pub test_only: bool,
    /// `friend` declarations, resolved.
    pub friends: Vec<(ModuleId, Span)>,
    /// Structs and enums in source order.
    pub structs: Vec<StructDecl>,
    /// Functions in source order (inline and test functions included).
    pub functions: Vec<FunDecl>,
    /// Constants in source order.
    pub constants: Vec<ConstDecl>,
}

/// A `script { .. }`.
#[derive(Clone, Debug)]
pub struct Script {
    /// The package it comes from.
    pub package: u32,
    /// Where.
    pub span: Span,
    /// The script's constants.
    pub constants: Vec<ConstDecl>,
    /// The script function.
    pub function: FunDecl,
}

/// A struct type parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructTypeParam {
    /// The name.
    pub name: String,
    /// Declared `phantom`.
    pub phantom: bool,
    /// Required abilities.
    pub constraints: AbilitySet,
}

/// A field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDecl {
    /// The name (`0`, `1`, .. for positional fields).
    pub name: String,
    /// Where.
    pub span: Span,
    /// The type; `Param(i)` is the struct's `i`-th type parameter.
    pub ty: Type,
}

/// An enum variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariantDecl {
    /// The name.
    pub name: String,
    /// Where.
    pub span: Span,
    /// The fields.
    pub fields: Vec<FieldDecl>,
}

/// The body of a struct or enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructLayout {
    /// `native struct`
    Native,
    /// A struct's fields (positional ones named `0`, `1`, ..).
    Fields(Vec<FieldDecl>),
    /// An enum's variants.
    Variants(Vec<VariantDecl>),
}

/// A struct or enum declaration.
#[derive(Clone, Debug)]
pub struct StructDecl {
    /// The name.
    pub name: String,
    /// The whole declaration.
    pub span: Span,
    /// Declared abilities.
    pub abilities: AbilitySet,
    /// Type parameters.
    pub type_params: Vec<StructTypeParam>,
    /// Fields or variants.
    pub layout: StructLayout,
    /// `#[event]`
    pub is_event: bool,
    /// `#[resource_group(scope = ..)]`: the scope as written (`global`, `module_`, `address`).
    pub resource_group: Option<String>,
    /// `#[resource_group_member(group = a::m::G)]`: the group.
    pub resource_group_member: Option<StructId>,
    /// `#[test_only]`
    pub test_only: bool,
}

/// A function type parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeParamDecl {
    /// The name.
    pub name: String,
    /// Required abilities.
    pub constraints: AbilitySet,
}

/// What kind of body a function has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunKind {
    /// A body compiled to bytecode.
    Regular,
    /// `inline fun`: expanded at every call site, never in bytecode.
    Inline,
    /// `native fun`
    Native,
}

/// `#[expected_failure(..)]` on a test.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpectedFailure {
    /// `abort_code = N` (a number or a constant, resolved).
    pub abort_code: Option<u64>,
    /// `arithmetic_error`
    pub arithmetic_error: bool,
    /// `out_of_gas`
    pub out_of_gas: bool,
    /// `vector_error`
    pub vector_error: bool,
    /// `major_status = N`
    pub major_status: Option<u64>,
    /// `minor_status = N` (with `major_status` or `vector_error`)
    pub minor_status: Option<u64>,
    /// `location = a::m` (or `Self`): the module the failure must come from.
    pub location: Option<ModuleId>,
}

/// Attributes of a function that later stages and the test runner use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunAttrs {
    /// `#[view]`
    pub view: bool,
    /// `#[test]` / `#[test(a = @0x1, ..)]`: the signers, by parameter name, in parameter order.
    pub test: Option<Vec<(String, AccountAddress)>>,
    /// `#[expected_failure]` (only with `#[test]`).
    pub expected_failure: Option<ExpectedFailure>,
    /// `#[test_only]`
    pub test_only: bool,
    /// `#[deprecated]`
    pub deprecated: bool,
    /// `#[persistent]` (callable as a function value across upgrades; kept for metadata).
    pub persistent: bool,
}

/// A function declaration (and, after typing, its body).
#[derive(Clone, Debug)]
pub struct FunDecl {
    /// The name.
    pub name: String,
    /// The whole declaration.
    pub span: Span,
    /// Where the name is written.
    pub name_span: Span,
    /// Declared visibility.
    pub visibility: Visibility,
    /// `entry`
    pub is_entry: bool,
    /// Regular, inline or native.
    pub kind: FunKind,
    /// Type parameters.
    pub type_params: Vec<TypeParamDecl>,
    /// Parameters with their types (`self` included, first).
    pub params: Vec<(String, Type)>,
    /// Return types (empty for `()`, one per element of a tuple return).
    pub returns: Vec<Type>,
    /// `acquires` (resolved; for regular functions the typing stage checks and completes the
    /// list the bytecode carries).
    pub acquires: Vec<StructId>,
    /// Attributes.
    pub attrs: FunAttrs,
    /// The typed body (set by the typing stage; `None` for natives and before typing).
    pub body: Option<tast::FunBody>,
}

/// A constant declaration.
#[derive(Clone, Debug)]
pub struct ConstDecl {
    /// The name.
    pub name: String,
    /// The whole declaration.
    pub span: Span,
    /// The declared type.
    pub ty: Type,
    /// The folded value (set by the typing stage; `None` before, or after an error).
    pub value: Option<tast::ConstValue>,
    /// The doc comment (`///` or `/** */` markers removed, lines joined with `\n`): the
    /// description of an error code in `aptos::metadata_v1`'s error map.
    pub doc: String,
}

/// A whole program: the modules of every package of the compilation (dependencies included)
/// and the scripts.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Modules, in dependency order (a module comes after every module it uses).
    pub modules: Vec<Module>,
    /// Scripts.
    pub scripts: Vec<Script>,
}

impl Program {
    /// The module at `idx`.
    pub fn module(&self, idx: ModuleIdx) -> &Module {
        &self.modules[idx.0 as usize]
    }

    /// The struct `id`.
    pub fn struct_decl(&self, id: StructId) -> &StructDecl {
        &self.module(id.module).structs[id.index as usize]
    }

    /// The function `id`.
    pub fn fun_decl(&self, id: FunId) -> &FunDecl {
        &self.module(id.module).functions[id.index as usize]
    }

    /// The constant `id`.
    pub fn const_decl(&self, id: ConstId) -> &ConstDecl {
        &self.module(id.module).constants[id.index as usize]
    }

    /// The abilities of a closed type (no inference variables); type parameters take the
    /// abilities in `params` (the constraints of the enclosing function's type parameters).
    /// A struct's abilities are its declared ones, narrowed by its non-phantom arguments' (the
    /// bytecode rule); references have copy + drop; `Fun` types have their declared ones.
    pub fn abilities(&self, ty: &Type, params: &[AbilitySet]) -> AbilitySet {
        match ty {
            Type::Bool
            | Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::U128
            | Type::U256
            | Type::Address => AbilitySet::PRIMITIVES,
            Type::Signer => AbilitySet::SIGNER,
            Type::Vector(t) => AbilitySet::VECTOR.intersect(self.abilities(t, params)),
            Type::Ref(..) => AbilitySet::REFERENCES,
            Type::Param(i) => params
                .get(*i as usize)
                .copied()
                .unwrap_or(AbilitySet::EMPTY),
            Type::Struct(id, args) => {
                let decl = self.struct_decl(*id);
                let mut abilities = decl.abilities;
                for (arg, tp) in args.iter().zip(&decl.type_params) {
                    if tp.phantom {
                        continue;
                    }
                    let arg_abilities = self.abilities(arg, params);
                    for a in Ability::ALL {
                        // A struct has `a` only if every non-phantom argument has what `a`
                        // requires of its fields (key needs store; the others themselves).
                        if abilities.has_ability(a) && !arg_abilities.has_ability(a.requires()) {
                            abilities = abilities.remove(a);
                        }
                    }
                }
                abilities
            }
            Type::Fun(_, _, a) => *a,
            Type::Tuple(_) => AbilitySet::EMPTY,
            Type::Var(_) | Type::Error => AbilitySet::ALL,
        }
    }
}
