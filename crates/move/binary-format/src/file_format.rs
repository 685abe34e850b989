//! In-memory model of compiled Move code: [`CompiledModule`] and [`CompiledScript`].
//!
//! Names and shapes mirror Aptos' `move-binary-format::file_format` so code written against
//! Aptos reads the same here. Pools are plain `Vec`s indexed by `u16` newtypes
//! (`FunctionHandleIndex(u16)` …). Nothing here validates: the deserializer checks encodings
//! and limits, [`crate::check_bounds::BoundsChecker`] checks every index, the verifier the rest.
//!
//! Version coverage: 5..=10 (v7 enums and access specifiers, v8 function values and function
//! attributes, v9 signed integers, v10 `AbortMsg` and struct-API attributes).

use std::fmt;

pub use lumio_move_core_types::{Ability, AbilitySet, I256, U256};
use lumio_move_core_types::{AccountAddress, Identifier};

/// Index into a table (every pool index is a `u16`).
pub type TableIndex = u16;
/// Index of a local (parameters first, then declared locals).
pub type LocalIndex = u8;
/// Index of a type parameter.
pub type TypeParameterIndex = u16;
/// Offset of an instruction in a code unit.
pub type CodeOffset = u16;
/// Count or offset of fields.
pub type MemberCount = u16;
/// Index of an enum variant.
pub type VariantIndex = u16;
/// Number of enum variants.
pub type VariantCount = u16;

/// Kinds of indices, used in error locations and the bounds checker.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum IndexKind {
    ModuleHandle,
    StructHandle,
    FunctionHandle,
    FieldHandle,
    FriendDeclaration,
    FunctionInstantiation,
    FieldInstantiation,
    StructDefinition,
    StructDefInstantiation,
    FunctionDefinition,
    FieldDefinition,
    Signature,
    Identifier,
    AddressIdentifier,
    ConstantPool,
    LocalPool,
    CodeDefinition,
    TypeParameter,
    MemberCount,
    VariantDefinition,
    StructVariantHandle,
    StructVariantInstantiation,
    VariantFieldHandle,
    VariantFieldInstantiation,
}

impl fmt::Display for IndexKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            IndexKind::ModuleHandle => "module handle",
            IndexKind::StructHandle => "struct handle",
            IndexKind::FunctionHandle => "function handle",
            IndexKind::FieldHandle => "field handle",
            IndexKind::FriendDeclaration => "friend declaration",
            IndexKind::FunctionInstantiation => "function instantiation",
            IndexKind::FieldInstantiation => "field instantiation",
            IndexKind::StructDefinition => "struct definition",
            IndexKind::StructDefInstantiation => "struct instantiation",
            IndexKind::FunctionDefinition => "function definition",
            IndexKind::FieldDefinition => "field definition",
            IndexKind::Signature => "signature",
            IndexKind::Identifier => "identifier",
            IndexKind::AddressIdentifier => "address identifier",
            IndexKind::ConstantPool => "constant pool",
            IndexKind::LocalPool => "local pool",
            IndexKind::CodeDefinition => "code definition pool",
            IndexKind::TypeParameter => "type parameter",
            IndexKind::MemberCount => "field offset",
            IndexKind::VariantDefinition => "variant definition",
            IndexKind::StructVariantHandle => "struct variant handle",
            IndexKind::StructVariantInstantiation => "struct variant instantiation",
            IndexKind::VariantFieldHandle => "variant field handle",
            IndexKind::VariantFieldInstantiation => "variant field instantiation",
        };
        f.write_str(s)
    }
}

/// A typed pool index.
pub trait ModuleIndex {
    /// What the index points into.
    const KIND: IndexKind;
    /// The index as `usize`.
    fn into_index(self) -> usize;
}

macro_rules! define_index {
    ($(#[$doc:meta] $name:ident => $kind:ident;)*) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
        pub struct $name(pub TableIndex);

        impl $name {
            /// Wraps a raw index.
            pub const fn new(idx: TableIndex) -> Self {
                Self(idx)
            }
            /// The index as `usize`.
            pub const fn into_index(self) -> usize {
                self.0 as usize
            }
        }

        impl ModuleIndex for $name {
            const KIND: IndexKind = IndexKind::$kind;
            fn into_index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

define_index! {
    /// Index into `module_handles`.
    ModuleHandleIndex => ModuleHandle;
    /// Index into `struct_handles`.
    StructHandleIndex => StructHandle;
    /// Index into `function_handles`.
    FunctionHandleIndex => FunctionHandle;
    /// Index into `field_handles`.
    FieldHandleIndex => FieldHandle;
    /// Index into `struct_def_instantiations`.
    StructDefInstantiationIndex => StructDefInstantiation;
    /// Index into `function_instantiations`.
    FunctionInstantiationIndex => FunctionInstantiation;
    /// Index into `field_instantiations`.
    FieldInstantiationIndex => FieldInstantiation;
    /// Index into `identifiers`.
    IdentifierIndex => Identifier;
    /// Index into `address_identifiers`.
    AddressIdentifierIndex => AddressIdentifier;
    /// Index into `constant_pool`.
    ConstantPoolIndex => ConstantPool;
    /// Index into `signatures`.
    SignatureIndex => Signature;
    /// Index into `struct_defs`.
    StructDefinitionIndex => StructDefinition;
    /// Index into `function_defs`.
    FunctionDefinitionIndex => FunctionDefinition;
    /// Index into `struct_variant_handles` (v7).
    StructVariantHandleIndex => StructVariantHandle;
    /// Index into `struct_variant_instantiations` (v7).
    StructVariantInstantiationIndex => StructVariantInstantiation;
    /// Index into `variant_field_handles` (v7).
    VariantFieldHandleIndex => VariantFieldHandle;
    /// Index into `variant_field_instantiations` (v7).
    VariantFieldInstantiationIndex => VariantFieldInstantiation;
}

/// Reference to a module: address + name.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct ModuleHandle {
    /// Address, into `address_identifiers`.
    pub address: AddressIdentifierIndex,
    /// Name, into `identifiers`.
    pub name: IdentifierIndex,
}

/// Type parameter of a struct.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct StructTypeParameter {
    /// Required abilities of the argument.
    pub constraints: AbilitySet,
    /// Declared `phantom`.
    pub is_phantom: bool,
}

/// Reference to a struct (local or imported).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct StructHandle {
    /// Defining module.
    pub module: ModuleHandleIndex,
    /// Struct name.
    pub name: IdentifierIndex,
    /// Declared abilities.
    pub abilities: AbilitySet,
    /// Type parameters.
    pub type_parameters: Vec<StructTypeParameter>,
}

impl StructHandle {
    /// Constraints of the type parameters.
    pub fn type_param_constraints(&self) -> impl ExactSizeIterator<Item = AbilitySet> + '_ {
        self.type_parameters.iter().map(|p| p.constraints)
    }
}

/// Function attributes in function handles (v8+; kinds 3..=9 from v10).
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum FunctionAttribute {
    /// Tag 1: `#[persistent]` — the function may be captured in persistent closures.
    Persistent,
    /// Tag 2: `#[module_lock]`.
    ModuleLock,
    /// Tag 3 (v10): generated `pack$S` API.
    Pack,
    /// Tag 4 (v10): generated `pack$S$V` API of a variant.
    PackVariant(VariantIndex),
    /// Tag 5 (v10): generated `unpack$S` API.
    Unpack,
    /// Tag 6 (v10): generated unpack API of a variant.
    UnpackVariant(VariantIndex),
    /// Tag 7 (v10): generated variant test API.
    TestVariant(VariantIndex),
    /// Tag 8 (v10): generated immutable field borrow API (field offset).
    BorrowFieldImmutable(MemberCount),
    /// Tag 9 (v10): generated mutable field borrow API (field offset).
    BorrowFieldMutable(MemberCount),
}

/// Kind of access in an access specifier.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum AccessKind {
    /// Byte 1: `reads`.
    Reads,
    /// Byte 2: `writes`.
    Writes,
}

/// Which resources an access specifier covers.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum ResourceSpecifier {
    /// 1: any resource.
    Any,
    /// 2: resources declared at an address.
    DeclaredAtAddress(AddressIdentifierIndex),
    /// 3: resources declared in a module.
    DeclaredInModule(ModuleHandleIndex),
    /// 4: one struct (all instantiations).
    Resource(StructHandleIndex),
    /// 5: one struct instantiation.
    ResourceInstantiation(StructHandleIndex, SignatureIndex),
}

/// At which addresses an access specifier applies.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum AddressSpecifier {
    /// 1: any address.
    Any,
    /// 2: a literal address.
    Literal(AddressIdentifierIndex),
    /// 3: the address in a parameter, optionally mapped through a function.
    Parameter(LocalIndex, Option<FunctionInstantiationIndex>),
}

/// One access specifier (v7 function handles, v8 scripts).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct AccessSpecifier {
    /// Reads or writes.
    pub kind: AccessKind,
    /// `!` before the specifier.
    pub negated: bool,
    /// Resources covered.
    pub resource: ResourceSpecifier,
    /// Addresses covered.
    pub address: AddressSpecifier,
}

/// Reference to a function (local or imported).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct FunctionHandle {
    /// Defining module.
    pub module: ModuleHandleIndex,
    /// Function name.
    pub name: IdentifierIndex,
    /// Parameter types.
    pub parameters: SignatureIndex,
    /// Return types.
    pub return_: SignatureIndex,
    /// Ability constraints of the type parameters.
    pub type_parameters: Vec<AbilitySet>,
    /// Access specifiers (v7+); `None` = not specified (what compilers write).
    pub access_specifiers: Option<Vec<AccessSpecifier>>,
    /// Attributes (v8+).
    pub attributes: Vec<FunctionAttribute>,
}

/// A field of a local struct: owner definition + field offset.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct FieldHandle {
    /// Owning struct definition.
    pub owner: StructDefinitionIndex,
    /// Field offset.
    pub field: MemberCount,
}

/// A field shared by some variants of a local enum (v7).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct VariantFieldHandle {
    /// Owning enum definition.
    pub struct_index: StructDefinitionIndex,
    /// Variants that have this field at `field`.
    pub variants: Vec<VariantIndex>,
    /// Field offset.
    pub field: MemberCount,
}

/// A variant of a local enum (v7).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct StructVariantHandle {
    /// Owning enum definition.
    pub struct_index: StructDefinitionIndex,
    /// Variant index.
    pub variant: VariantIndex,
}

/// Generic struct definition + type arguments.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct StructDefInstantiation {
    /// The generic definition.
    pub def: StructDefinitionIndex,
    /// Type arguments.
    pub type_parameters: SignatureIndex,
}

/// Generic function handle + type arguments.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct FunctionInstantiation {
    /// The generic function.
    pub handle: FunctionHandleIndex,
    /// Type arguments.
    pub type_parameters: SignatureIndex,
}

/// Field of a generic struct + type arguments.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct FieldInstantiation {
    /// The field.
    pub handle: FieldHandleIndex,
    /// Type arguments.
    pub type_parameters: SignatureIndex,
}

/// Variant field of a generic enum + type arguments (v7).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct VariantFieldInstantiation {
    /// The variant field.
    pub handle: VariantFieldHandleIndex,
    /// Type arguments.
    pub type_parameters: SignatureIndex,
}

/// Variant of a generic enum + type arguments (v7).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct StructVariantInstantiation {
    /// The variant.
    pub handle: StructVariantHandleIndex,
    /// Type arguments.
    pub type_parameters: SignatureIndex,
}

/// A struct or enum defined in this module.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct StructDefinition {
    /// Its handle.
    pub struct_handle: StructHandleIndex,
    /// Fields or variants.
    pub field_information: StructFieldInformation,
}

impl StructDefinition {
    /// Fields of a plain struct; `None` for native structs and enums.
    pub fn fields(&self) -> Option<&[FieldDefinition]> {
        match &self.field_information {
            StructFieldInformation::Declared(f) => Some(f),
            _ => None,
        }
    }

    /// Field `offset` of a plain struct.
    pub fn field(&self, offset: usize) -> Option<&FieldDefinition> {
        self.fields()?.get(offset)
    }

    /// Number of fields of a plain struct (0 for native and enums).
    pub fn declared_field_count(&self) -> usize {
        self.fields().map_or(0, <[_]>::len)
    }

    /// Variants of an enum (empty for structs).
    pub fn variants(&self) -> &[VariantDefinition] {
        match &self.field_information {
            StructFieldInformation::DeclaredVariants(v) => v,
            _ => &[],
        }
    }

    /// Fields of variant `v` of an enum.
    pub fn fields_of_variant(&self, v: VariantIndex) -> Option<&[FieldDefinition]> {
        self.variants()
            .get(usize::from(v))
            .map(|d| d.fields.as_slice())
    }

    /// Whether this is an enum.
    pub fn is_enum(&self) -> bool {
        matches!(
            self.field_information,
            StructFieldInformation::DeclaredVariants(_)
        )
    }

    /// Whether this is a native struct.
    pub fn is_native(&self) -> bool {
        matches!(self.field_information, StructFieldInformation::Native)
    }
}

/// Body of a struct definition.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum StructFieldInformation {
    /// Flag 1: native struct, no fields known.
    Native,
    /// Flag 2: plain struct with fields.
    Declared(Vec<FieldDefinition>),
    /// Flag 3 (v7): enum with variants.
    DeclaredVariants(Vec<VariantDefinition>),
}

/// A named, typed field.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct FieldDefinition {
    /// Field name.
    pub name: IdentifierIndex,
    /// Field type.
    pub signature: TypeSignature,
}

/// A variant of an enum.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct VariantDefinition {
    /// Variant name.
    pub name: IdentifierIndex,
    /// Its fields.
    pub fields: Vec<FieldDefinition>,
}

/// Function visibility (byte values of the binary format).
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Visibility {
    /// 0x00: callable only inside the module.
    #[default]
    Private = 0x0,
    /// 0x01: callable from anywhere.
    Public = 0x1,
    /// 0x03: callable from the module's friends.
    Friend = 0x3,
}

impl Visibility {
    /// Legacy "script" visibility byte (before v5: public + entry).
    pub const DEPRECATED_SCRIPT: u8 = 0x2;

    /// Decodes a visibility byte (not the deprecated script one).
    pub fn from_u8(b: u8) -> Option<Self> {
        match b {
            0 => Some(Visibility::Private),
            1 => Some(Visibility::Public),
            3 => Some(Visibility::Friend),
            _ => None,
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Visibility::Private => "private",
            Visibility::Public => "public",
            Visibility::Friend => "friend",
        })
    }
}

/// A function defined in this module.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct FunctionDefinition {
    /// Its handle.
    pub function: FunctionHandleIndex,
    /// Visibility.
    pub visibility: Visibility,
    /// `entry` (flag bit 0x04).
    pub is_entry: bool,
    /// `acquires` list.
    pub acquires_global_resources: Vec<StructDefinitionIndex>,
    /// Body; `None` for native functions (flag bit 0x02).
    pub code: Option<CodeUnit>,
}

impl FunctionDefinition {
    /// Flag bit for native functions.
    pub const NATIVE: u8 = 0x2;
    /// Flag bit for entry functions.
    pub const ENTRY: u8 = 0x4;
    /// Legacy v1 public bit.
    pub const DEPRECATED_PUBLIC_BIT: u8 = 0x1;

    /// Whether the function is native.
    pub fn is_native(&self) -> bool {
        self.code.is_none()
    }
}

/// A type in a signature context.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct TypeSignature(pub SignatureToken);

/// A list of types (parameters, returns, locals, type arguments).
#[derive(Clone, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct Signature(pub Vec<SignatureToken>);

impl Signature {
    /// Number of types.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A type as written in bytecode.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub enum SignatureToken {
    /// `bool`
    Bool,
    /// `u8`
    U8,
    /// `u64`
    U64,
    /// `u128`
    U128,
    /// `address`
    Address,
    /// `signer`
    Signer,
    /// `vector<T>`
    Vector(Box<SignatureToken>),
    /// Function value type (v8): arguments, results, abilities.
    Function(Vec<SignatureToken>, Vec<SignatureToken>, AbilitySet),
    /// Non-generic struct.
    Struct(StructHandleIndex),
    /// Generic struct with type arguments.
    StructInstantiation(StructHandleIndex, Vec<SignatureToken>),
    /// `&T`
    Reference(Box<SignatureToken>),
    /// `&mut T`
    MutableReference(Box<SignatureToken>),
    /// Type parameter by index.
    TypeParameter(TypeParameterIndex),
    /// `u16` (v6)
    U16,
    /// `u32` (v6)
    U32,
    /// `u256` (v6)
    U256,
    /// `i8` (v9)
    I8,
    /// `i16` (v9)
    I16,
    /// `i32` (v9)
    I32,
    /// `i64` (v9)
    I64,
    /// `i128` (v9)
    I128,
    /// `i256` (v9)
    I256,
}

impl SignatureToken {
    /// Whether `&T` or `&mut T`.
    pub fn is_reference(&self) -> bool {
        matches!(
            self,
            SignatureToken::Reference(_) | SignatureToken::MutableReference(_)
        )
    }

    /// Whether `&mut T`.
    pub fn is_mutable_reference(&self) -> bool {
        matches!(self, SignatureToken::MutableReference(_))
    }

    /// Whether `signer`.
    pub fn is_signer(&self) -> bool {
        matches!(self, SignatureToken::Signer)
    }

    /// Whether an unsigned integer type.
    pub fn is_unsigned_integer(&self) -> bool {
        use SignatureToken::*;
        matches!(self, U8 | U16 | U32 | U64 | U128 | U256)
    }

    /// Whether a signed integer type (v9).
    pub fn is_signed_integer(&self) -> bool {
        use SignatureToken::*;
        matches!(self, I8 | I16 | I32 | I64 | I128 | I256)
    }

    /// Whether any integer type.
    pub fn is_integer(&self) -> bool {
        self.is_unsigned_integer() || self.is_signed_integer()
    }

    /// Whether a primitive value type (bool, integer, address).
    pub fn is_primitive(&self) -> bool {
        matches!(self, SignatureToken::Bool | SignatureToken::Address) || self.is_integer()
    }

    /// Whether the type mentions no type parameter.
    pub fn is_closed(&self) -> bool {
        self.preorder_traversal()
            .all(|t| !matches!(t, SignatureToken::TypeParameter(_)))
    }

    /// Whether a constant of this type is allowed (primitive, or vector thereof).
    pub fn is_valid_for_constant(&self) -> bool {
        match self {
            SignatureToken::Vector(inner) => inner.is_valid_for_constant(),
            t => t.is_primitive(),
        }
    }

    /// Pre-order walk over this token and all nested tokens (iterative, no recursion).
    pub fn preorder_traversal(&self) -> SignatureTokenPreorderTraversalIter<'_> {
        SignatureTokenPreorderTraversalIter {
            stack: vec![(self, 1)],
        }
    }

    /// Number of nodes in the type tree.
    pub fn num_nodes(&self) -> usize {
        self.preorder_traversal().count()
    }

    /// Replaces each `TypeParameter(i)` by `ty_args[i]`; out-of-range parameters stay as they are.
    pub fn instantiate(&self, ty_args: &[SignatureToken]) -> SignatureToken {
        use SignatureToken::*;
        let inst = |ts: &[SignatureToken]| ts.iter().map(|t| t.instantiate(ty_args)).collect();
        match self {
            TypeParameter(i) => ty_args
                .get(usize::from(*i))
                .cloned()
                .unwrap_or(TypeParameter(*i)),
            Vector(t) => Vector(Box::new(t.instantiate(ty_args))),
            Reference(t) => Reference(Box::new(t.instantiate(ty_args))),
            MutableReference(t) => MutableReference(Box::new(t.instantiate(ty_args))),
            StructInstantiation(h, ts) => StructInstantiation(*h, inst(ts)),
            Function(a, r, ab) => Function(inst(a), inst(r), *ab),
            other => other.clone(),
        }
    }
}

/// Iterator of [`SignatureToken::preorder_traversal`]; items are `&SignatureToken`, and
/// [`SignatureTokenPreorderTraversalIter::next_with_depth`] also gives the depth.
#[derive(Debug)]
pub struct SignatureTokenPreorderTraversalIter<'a> {
    stack: Vec<(&'a SignatureToken, usize)>,
}

impl<'a> SignatureTokenPreorderTraversalIter<'a> {
    /// Next token together with its depth (1 = root).
    pub fn next_with_depth(&mut self) -> Option<(&'a SignatureToken, usize)> {
        use SignatureToken::*;
        let (tok, depth) = self.stack.pop()?;
        match tok {
            Vector(t) | Reference(t) | MutableReference(t) => self.stack.push((t, depth + 1)),
            StructInstantiation(_, ts) => {
                self.stack.extend(ts.iter().rev().map(|t| (t, depth + 1)));
            }
            Function(args, results, _) => {
                self.stack
                    .extend(results.iter().rev().map(|t| (t, depth + 1)));
                self.stack.extend(args.iter().rev().map(|t| (t, depth + 1)));
            }
            _ => {}
        }
        Some((tok, depth))
    }
}

impl<'a> Iterator for SignatureTokenPreorderTraversalIter<'a> {
    type Item = &'a SignatureToken;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_with_depth().map(|(t, _)| t)
    }
}

/// A constant: type + BCS bytes.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct Constant {
    /// Type of the value.
    pub type_: SignatureToken,
    /// BCS bytes of the value.
    pub data: Vec<u8>,
}

/// Key/value metadata attached to a module or script (v5+).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct Metadata {
    /// Key, e.g. `b"aptos::metadata_v1"`.
    pub key: Vec<u8>,
    /// Value (BCS for the Aptos keys).
    pub value: Vec<u8>,
}

/// Body of a function or script.
#[derive(Clone, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct CodeUnit {
    /// Types of the non-parameter locals.
    pub locals: SignatureIndex,
    /// Instructions.
    pub code: Vec<Bytecode>,
}

/// Which arguments a closure captures (bit i set = argument i captured), v8.
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq, PartialOrd, Ord)]
pub struct ClosureMask(pub u64);

impl ClosureMask {
    /// Largest number of arguments a mask can describe.
    pub const MAX_ARGS: usize = 64;

    /// Wraps a raw mask.
    pub const fn new(mask: u64) -> Self {
        Self(mask)
    }
    /// Raw bits.
    pub const fn bits(self) -> u64 {
        self.0
    }
    /// Whether argument `i` is captured.
    pub fn is_captured(self, i: usize) -> bool {
        i < Self::MAX_ARGS && self.0 & (1u64 << i) != 0
    }
    /// Number of captured arguments.
    pub fn captured_count(self) -> u16 {
        self.0.count_ones() as u16
    }
    /// Splits `tys` into (captured, not captured); `None` if the mask has bits beyond `tys`.
    pub fn split<T>(self, tys: &[T]) -> Option<(Vec<&T>, Vec<&T>)> {
        if tys.len() < Self::MAX_ARGS && self.0 >> tys.len() != 0 {
            return None;
        }
        let (c, n): (Vec<_>, Vec<_>) = tys
            .iter()
            .enumerate()
            .partition(|(i, _)| self.is_captured(*i));
        Some((
            c.into_iter().map(|(_, t)| t).collect(),
            n.into_iter().map(|(_, t)| t).collect(),
        ))
    }
}

impl fmt::Display for ClosureMask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#b}", self.0)
    }
}

/// A bytecode instruction (all 104 opcodes of versions up to 10).
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Bytecode {
    Pop,
    Ret,
    BrTrue(CodeOffset),
    BrFalse(CodeOffset),
    Branch(CodeOffset),
    LdU8(u8),
    LdU64(u64),
    LdU128(u128),
    CastU8,
    CastU64,
    CastU128,
    LdConst(ConstantPoolIndex),
    LdTrue,
    LdFalse,
    CopyLoc(LocalIndex),
    MoveLoc(LocalIndex),
    StLoc(LocalIndex),
    Call(FunctionHandleIndex),
    CallGeneric(FunctionInstantiationIndex),
    Pack(StructDefinitionIndex),
    PackGeneric(StructDefInstantiationIndex),
    PackVariant(StructVariantHandleIndex),
    PackVariantGeneric(StructVariantInstantiationIndex),
    Unpack(StructDefinitionIndex),
    UnpackGeneric(StructDefInstantiationIndex),
    UnpackVariant(StructVariantHandleIndex),
    UnpackVariantGeneric(StructVariantInstantiationIndex),
    TestVariant(StructVariantHandleIndex),
    TestVariantGeneric(StructVariantInstantiationIndex),
    ReadRef,
    WriteRef,
    FreezeRef,
    MutBorrowLoc(LocalIndex),
    ImmBorrowLoc(LocalIndex),
    MutBorrowField(FieldHandleIndex),
    MutBorrowVariantField(VariantFieldHandleIndex),
    MutBorrowFieldGeneric(FieldInstantiationIndex),
    MutBorrowVariantFieldGeneric(VariantFieldInstantiationIndex),
    ImmBorrowField(FieldHandleIndex),
    ImmBorrowVariantField(VariantFieldHandleIndex),
    ImmBorrowFieldGeneric(FieldInstantiationIndex),
    ImmBorrowVariantFieldGeneric(VariantFieldInstantiationIndex),
    MutBorrowGlobal(StructDefinitionIndex),
    MutBorrowGlobalGeneric(StructDefInstantiationIndex),
    ImmBorrowGlobal(StructDefinitionIndex),
    ImmBorrowGlobalGeneric(StructDefInstantiationIndex),
    Add,
    Sub,
    Mul,
    Mod,
    Div,
    BitOr,
    BitAnd,
    Xor,
    Or,
    And,
    Not,
    Eq,
    Neq,
    Lt,
    Gt,
    Le,
    Ge,
    Abort,
    Nop,
    Exists(StructDefinitionIndex),
    ExistsGeneric(StructDefInstantiationIndex),
    MoveFrom(StructDefinitionIndex),
    MoveFromGeneric(StructDefInstantiationIndex),
    MoveTo(StructDefinitionIndex),
    MoveToGeneric(StructDefInstantiationIndex),
    Shl,
    Shr,
    VecPack(SignatureIndex, u64),
    VecLen(SignatureIndex),
    VecImmBorrow(SignatureIndex),
    VecMutBorrow(SignatureIndex),
    VecPushBack(SignatureIndex),
    VecPopBack(SignatureIndex),
    VecUnpack(SignatureIndex, u64),
    VecSwap(SignatureIndex),
    PackClosure(FunctionHandleIndex, ClosureMask),
    PackClosureGeneric(FunctionInstantiationIndex, ClosureMask),
    CallClosure(SignatureIndex),
    LdU16(u16),
    LdU32(u32),
    LdU256(U256),
    CastU16,
    CastU32,
    CastU256,
    LdI8(i8),
    LdI16(i16),
    LdI32(i32),
    LdI64(i64),
    LdI128(i128),
    LdI256(I256),
    CastI8,
    CastI16,
    CastI32,
    CastI64,
    CastI128,
    CastI256,
    Negate,
    AbortMsg,
}

impl Bytecode {
    /// Whether the instruction ends a basic block unconditionally (no fall-through).
    pub fn is_unconditional_branch(&self) -> bool {
        matches!(
            self,
            Bytecode::Ret | Bytecode::Abort | Bytecode::AbortMsg | Bytecode::Branch(_)
        )
    }

    /// Whether a conditional branch.
    pub fn is_conditional_branch(&self) -> bool {
        matches!(self, Bytecode::BrTrue(_) | Bytecode::BrFalse(_))
    }

    /// Whether any branch (conditional or not, including Ret/Abort).
    pub fn is_branch(&self) -> bool {
        self.is_conditional_branch() || self.is_unconditional_branch()
    }

    /// Branch target, if any.
    pub fn offsets(&self) -> Option<CodeOffset> {
        match self {
            Bytecode::BrTrue(o) | Bytecode::BrFalse(o) | Bytecode::Branch(o) => Some(*o),
            _ => None,
        }
    }

    /// Successor offsets of the instruction at `pc` in `code`.
    pub fn get_successors(pc: CodeOffset, code: &[Bytecode]) -> Vec<CodeOffset> {
        let Some(bc) = code.get(usize::from(pc)) else {
            return vec![];
        };
        let mut v = Vec::new();
        if let Some(t) = bc.offsets() {
            v.push(t);
        }
        let next = usize::from(pc) + 1;
        if !bc.is_unconditional_branch()
            && next < code.len()
            && let Ok(n) = CodeOffset::try_from(next)
            && !v.contains(&n)
        {
            v.push(n);
        }
        v
    }
}

/// A compiled module (Aptos `CompiledModule`).
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct CompiledModule {
    /// Binary format version (without the Aptos mask).
    pub version: u32,
    /// This module's own handle.
    pub self_module_handle_idx: ModuleHandleIndex,
    /// Module handles (self and dependencies).
    pub module_handles: Vec<ModuleHandle>,
    /// Struct handles.
    pub struct_handles: Vec<StructHandle>,
    /// Function handles.
    pub function_handles: Vec<FunctionHandle>,
    /// Field handles.
    pub field_handles: Vec<FieldHandle>,
    /// Friend modules.
    pub friend_decls: Vec<ModuleHandle>,
    /// Struct instantiations.
    pub struct_def_instantiations: Vec<StructDefInstantiation>,
    /// Function instantiations.
    pub function_instantiations: Vec<FunctionInstantiation>,
    /// Field instantiations.
    pub field_instantiations: Vec<FieldInstantiation>,
    /// Signature pool.
    pub signatures: Vec<Signature>,
    /// Identifier pool.
    pub identifiers: Vec<Identifier>,
    /// Address pool.
    pub address_identifiers: Vec<AccountAddress>,
    /// Constant pool.
    pub constant_pool: Vec<Constant>,
    /// Metadata entries.
    pub metadata: Vec<Metadata>,
    /// Struct and enum definitions.
    pub struct_defs: Vec<StructDefinition>,
    /// Function definitions.
    pub function_defs: Vec<FunctionDefinition>,
    /// Enum variant handles (v7).
    pub struct_variant_handles: Vec<StructVariantHandle>,
    /// Enum variant instantiations (v7).
    pub struct_variant_instantiations: Vec<StructVariantInstantiation>,
    /// Enum variant-field handles (v7).
    pub variant_field_handles: Vec<VariantFieldHandle>,
    /// Enum variant-field instantiations (v7).
    pub variant_field_instantiations: Vec<VariantFieldInstantiation>,
}

/// A compiled script (Aptos `CompiledScript`).
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct CompiledScript {
    /// Binary format version (without the Aptos mask).
    pub version: u32,
    /// Module handles.
    pub module_handles: Vec<ModuleHandle>,
    /// Struct handles.
    pub struct_handles: Vec<StructHandle>,
    /// Function handles.
    pub function_handles: Vec<FunctionHandle>,
    /// Function instantiations.
    pub function_instantiations: Vec<FunctionInstantiation>,
    /// Signature pool.
    pub signatures: Vec<Signature>,
    /// Identifier pool.
    pub identifiers: Vec<Identifier>,
    /// Address pool.
    pub address_identifiers: Vec<AccountAddress>,
    /// Constant pool.
    pub constant_pool: Vec<Constant>,
    /// Metadata entries.
    pub metadata: Vec<Metadata>,
    /// The script body.
    pub code: CodeUnit,
    /// Ability constraints of the script's type parameters.
    pub type_parameters: Vec<AbilitySet>,
    /// Parameter types.
    pub parameters: SignatureIndex,
    /// Access specifiers (v8+).
    pub access_specifiers: Option<Vec<AccessSpecifier>>,
}

/// Placeholder name of the pseudo module that holds a script's function.
pub const SELF_MODULE_NAME: &str = "<SELF>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_instantiate() {
        use SignatureToken::*;
        let t = StructInstantiation(
            StructHandleIndex(0),
            vec![Vector(Box::new(TypeParameter(0))), Reference(Box::new(U8))],
        );
        let mut it = t.preorder_traversal();
        let mut depths = vec![];
        while let Some((_, d)) = it.next_with_depth() {
            depths.push(d);
        }
        assert_eq!(depths, vec![1, 2, 3, 2, 3]);
        assert!(!t.is_closed());
        let i = t.instantiate(&[U64]);
        assert!(i.is_closed());
        assert_eq!(i.num_nodes(), 5);
    }

    #[test]
    fn closure_mask() {
        let m = ClosureMask::new(0b101);
        let (c, n) = m.split(&[1, 2, 3]).unwrap();
        assert_eq!(c, vec![&1, &3]);
        assert_eq!(n, vec![&2]);
        assert!(m.split(&[1, 2]).is_none());
    }
}
