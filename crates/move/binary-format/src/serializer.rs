//! [`CompiledModule`] / [`CompiledScript`] → binary, byte-for-byte as Aptos writes it.
//!
//! Layout: magic, version u32 LE (ORed with `0x0A000000` from v7), table count, table headers,
//! table contents, then the module trailer (self handle index) or script trailer (type
//! parameters, parameters, v8+ access specifiers, code). Tables are written in the Aptos order:
//! module handles, struct handles, function handles, function instantiations, signatures,
//! identifiers, address identifiers, constant pool, metadata, then struct defs, struct def
//! instantiations, function defs, field handles, field instantiations, friend decls and (v7+)
//! variant field handles, variant field instantiations, struct variant handles, struct variant
//! instantiations. Empty tables are omitted. Constructs newer than the target version are
//! rejected instead of being silently dropped.

use crate::{file_format::*, file_format_common::*};

/// Why a unit could not be serialized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerializationError {
    /// Version outside `VERSION_MIN..=VERSION_MAX`.
    #[error("bytecode version {0} cannot be serialized (supported: {VERSION_MIN}..={VERSION_MAX})")]
    UnsupportedVersion(u32),
    /// A count or index exceeds its format limit.
    #[error("{what} {value} exceeds maximum {max}")]
    LimitExceeded {
        /// Field.
        what: &'static str,
        /// Value.
        value: u64,
        /// Limit.
        max: u64,
    },
    /// A construct is not available in the target version.
    #[error("{what} requires bytecode version {min} (serializing version {version})")]
    NotInVersion {
        /// Construct.
        what: String,
        /// First version having it.
        min: u32,
        /// Target version.
        version: u32,
    },
}

type SResult<T> = Result<T, SerializationError>;

struct W {
    out: Vec<u8>,
    version: u32,
}

impl W {
    fn new(version: u32) -> Self {
        Self {
            out: Vec::new(),
            version,
        }
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn bytes(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
    }

    fn uleb(&mut self, v: u64, max: u64, what: &'static str) -> SResult<()> {
        if v > max {
            return Err(SerializationError::LimitExceeded {
                what,
                value: v,
                max,
            });
        }
        write_u64_as_uleb128(&mut self.out, v);
        Ok(())
    }

    fn idx(&mut self, i: u16) -> SResult<()> {
        self.uleb(u64::from(i), TABLE_INDEX_MAX, "pool index")
    }

    fn len(&mut self, n: usize, max: u64, what: &'static str) -> SResult<()> {
        self.uleb(n as u64, max, what)
    }

    fn need(&self, min: u32, what: impl Into<String>) -> SResult<()> {
        if self.version < min {
            Err(SerializationError::NotInVersion {
                what: what.into(),
                min,
                version: self.version,
            })
        } else {
            Ok(())
        }
    }

    fn bool(&mut self, b: bool) {
        self.byte(if b { SERIALIZED_TRUE } else { SERIALIZED_FALSE });
    }

    fn abilities(&mut self, a: AbilitySet) -> SResult<()> {
        self.uleb(u64::from(a.into_u8()), 0xF, "ability set")
    }

    fn module_handle(&mut self, h: &ModuleHandle) -> SResult<()> {
        self.idx(h.address.0)?;
        self.idx(h.name.0)
    }

    fn struct_handle(&mut self, h: &StructHandle) -> SResult<()> {
        self.idx(h.module.0)?;
        self.idx(h.name.0)?;
        self.abilities(h.abilities)?;
        self.len(
            h.type_parameters.len(),
            TYPE_PARAMETER_COUNT_MAX,
            "type parameter count",
        )?;
        for p in &h.type_parameters {
            self.abilities(p.constraints)?;
            self.uleb(u64::from(p.is_phantom), 1, "phantom flag")?;
        }
        Ok(())
    }

    fn function_handle(&mut self, h: &FunctionHandle) -> SResult<()> {
        self.idx(h.module.0)?;
        self.idx(h.name.0)?;
        self.idx(h.parameters.0)?;
        self.idx(h.return_.0)?;
        self.len(
            h.type_parameters.len(),
            TYPE_PARAMETER_COUNT_MAX,
            "type parameter count",
        )?;
        for a in &h.type_parameters {
            self.abilities(*a)?;
        }
        if self.version >= VERSION_7 {
            self.access_specifiers(h.access_specifiers.as_deref())?;
        } else if h.access_specifiers.is_some() {
            self.need(VERSION_7, "access specifiers")?;
        }
        if self.version >= VERSION_8 {
            self.len(h.attributes.len(), ATTRIBUTE_COUNT_MAX, "attribute count")?;
            for a in &h.attributes {
                self.attribute(*a)?;
            }
        } else if !h.attributes.is_empty() {
            self.need(VERSION_8, "function attributes")?;
        }
        Ok(())
    }

    fn attribute(&mut self, a: FunctionAttribute) -> SResult<()> {
        let (tag, operand) = match a {
            FunctionAttribute::Persistent => (1, None),
            FunctionAttribute::ModuleLock => (2, None),
            FunctionAttribute::Pack => (3, None),
            FunctionAttribute::PackVariant(v) => (4, Some(v)),
            FunctionAttribute::Unpack => (5, None),
            FunctionAttribute::UnpackVariant(v) => (6, Some(v)),
            FunctionAttribute::TestVariant(v) => (7, Some(v)),
            FunctionAttribute::BorrowFieldImmutable(f) => (8, Some(f)),
            FunctionAttribute::BorrowFieldMutable(f) => (9, Some(f)),
        };
        if tag >= 3 {
            self.need(VERSION_10, format!("function attribute {a:?}"))?;
        }
        self.byte(tag);
        if let Some(o) = operand {
            self.bytes(&o.to_le_bytes());
        }
        Ok(())
    }

    fn access_specifiers(&mut self, specs: Option<&[AccessSpecifier]>) -> SResult<()> {
        let Some(specs) = specs else {
            self.bool(false);
            return Ok(());
        };
        self.bool(true);
        self.len(
            specs.len(),
            ACCESS_SPECIFIER_COUNT_MAX,
            "access specifier count",
        )?;
        for s in specs {
            self.byte(match s.kind {
                AccessKind::Reads => 1,
                AccessKind::Writes => 2,
            });
            self.bool(s.negated);
            match &s.resource {
                ResourceSpecifier::Any => self.byte(1),
                ResourceSpecifier::DeclaredAtAddress(a) => {
                    self.byte(2);
                    self.idx(a.0)?;
                }
                ResourceSpecifier::DeclaredInModule(m) => {
                    self.byte(3);
                    self.idx(m.0)?;
                }
                ResourceSpecifier::Resource(h) => {
                    self.byte(4);
                    self.idx(h.0)?;
                }
                ResourceSpecifier::ResourceInstantiation(h, sig) => {
                    self.byte(5);
                    self.idx(h.0)?;
                    self.idx(sig.0)?;
                }
            }
            match &s.address {
                AddressSpecifier::Any => self.byte(1),
                AddressSpecifier::Literal(a) => {
                    self.byte(2);
                    self.idx(a.0)?;
                }
                AddressSpecifier::Parameter(l, f) => {
                    self.byte(3);
                    self.uleb(u64::from(*l), LOCAL_INDEX_MAX, "local index")?;
                    match f {
                        Some(f) => {
                            self.bool(true);
                            self.idx(f.0)?;
                        }
                        None => self.bool(false),
                    }
                }
            }
        }
        Ok(())
    }

    fn token(&mut self, t: &SignatureToken) -> SResult<()> {
        // Iterative pre-order walk: no recursion on caller-built deep types.
        let mut stack = vec![t];
        while let Some(t) = stack.pop() {
            use SignatureToken as T;
            match t {
                T::Bool => self.byte(SerializedType::BOOL as u8),
                T::U8 => self.byte(SerializedType::U8 as u8),
                T::U64 => self.byte(SerializedType::U64 as u8),
                T::U128 => self.byte(SerializedType::U128 as u8),
                T::Address => self.byte(SerializedType::ADDRESS as u8),
                T::Signer => self.byte(SerializedType::SIGNER as u8),
                T::U16 | T::U32 | T::U256 => {
                    self.need(VERSION_6, "u16/u32/u256 types")?;
                    self.byte(match t {
                        T::U16 => SerializedType::U16,
                        T::U32 => SerializedType::U32,
                        _ => SerializedType::U256,
                    } as u8);
                }
                T::I8 | T::I16 | T::I32 | T::I64 | T::I128 | T::I256 => {
                    self.need(VERSION_9, "signed integer types")?;
                    self.byte(match t {
                        T::I8 => SerializedType::I8,
                        T::I16 => SerializedType::I16,
                        T::I32 => SerializedType::I32,
                        T::I64 => SerializedType::I64,
                        T::I128 => SerializedType::I128,
                        _ => SerializedType::I256,
                    } as u8);
                }
                T::Vector(inner) => {
                    self.byte(SerializedType::VECTOR as u8);
                    stack.push(inner);
                }
                T::Reference(inner) => {
                    self.byte(SerializedType::REFERENCE as u8);
                    stack.push(inner);
                }
                T::MutableReference(inner) => {
                    self.byte(SerializedType::MUTABLE_REFERENCE as u8);
                    stack.push(inner);
                }
                T::Struct(h) => {
                    self.byte(SerializedType::STRUCT as u8);
                    self.idx(h.0)?;
                }
                T::StructInstantiation(h, args) => {
                    self.byte(SerializedType::STRUCT_INST as u8);
                    self.idx(h.0)?;
                    self.len(args.len(), TYPE_PARAMETER_COUNT_MAX, "type argument count")?;
                    stack.extend(args.iter().rev());
                }
                T::TypeParameter(i) => {
                    self.byte(SerializedType::TYPE_PARAMETER as u8);
                    self.uleb(
                        u64::from(*i),
                        TYPE_PARAMETER_INDEX_MAX,
                        "type parameter index",
                    )?;
                }
                T::Function(args, results, abilities) => {
                    self.need(VERSION_8, "function types")?;
                    self.byte(SerializedType::FUNCTION as u8);
                    self.abilities(*abilities)?;
                    self.len(args.len(), SIGNATURE_SIZE_MAX, "function argument count")?;
                    self.len(results.len(), SIGNATURE_SIZE_MAX, "function result count")?;
                    stack.extend(results.iter().rev());
                    stack.extend(args.iter().rev());
                }
            }
        }
        Ok(())
    }

    fn signature(&mut self, s: &Signature) -> SResult<()> {
        self.len(s.0.len(), SIGNATURE_SIZE_MAX, "signature size")?;
        for t in &s.0 {
            self.token(t)?;
        }
        Ok(())
    }

    fn fields(&mut self, fields: &[FieldDefinition]) -> SResult<()> {
        self.len(fields.len(), FIELD_COUNT_MAX, "field count")?;
        for f in fields {
            self.idx(f.name.0)?;
            self.token(&f.signature.0)?;
        }
        Ok(())
    }

    fn struct_def(&mut self, d: &StructDefinition) -> SResult<()> {
        self.idx(d.struct_handle.0)?;
        match &d.field_information {
            StructFieldInformation::Native => self.byte(STRUCT_NATIVE),
            StructFieldInformation::Declared(fields) => {
                self.byte(STRUCT_DECLARED);
                self.fields(fields)?;
            }
            StructFieldInformation::DeclaredVariants(variants) => {
                self.need(VERSION_7, "enum definitions")?;
                self.byte(STRUCT_DECLARED_VARIANTS);
                self.len(variants.len(), VARIANT_COUNT_MAX, "variant count")?;
                for v in variants {
                    self.idx(v.name.0)?;
                    self.fields(&v.fields)?;
                }
            }
        }
        Ok(())
    }

    fn function_def(&mut self, d: &FunctionDefinition) -> SResult<()> {
        self.idx(d.function.0)?;
        self.byte(d.visibility as u8);
        let mut flags = 0u8;
        if d.code.is_none() {
            flags |= FunctionDefinition::NATIVE;
        }
        if d.is_entry {
            flags |= FunctionDefinition::ENTRY;
        }
        self.byte(flags);
        self.len(
            d.acquires_global_resources.len(),
            ACQUIRES_COUNT_MAX,
            "acquires count",
        )?;
        for a in &d.acquires_global_resources {
            self.idx(a.0)?;
        }
        if let Some(code) = &d.code {
            self.code_unit(code)?;
        }
        Ok(())
    }

    fn code_unit(&mut self, c: &CodeUnit) -> SResult<()> {
        self.idx(c.locals.0)?;
        self.len(c.code.len(), BYTECODE_COUNT_MAX, "bytecode count")?;
        for i in &c.code {
            self.instruction(i)?;
        }
        Ok(())
    }

    fn instruction(&mut self, i: &Bytecode) -> SResult<()> {
        use Bytecode as B;
        let op = instruction_opcode(i);
        if self.version < op.min_version() {
            self.need(op.min_version(), format!("opcode {op:?}"))?;
        }
        self.byte(op as u8);
        match i {
            B::BrTrue(o) | B::BrFalse(o) | B::Branch(o) => {
                self.uleb(u64::from(*o), BYTECODE_INDEX_MAX, "code offset")?;
            }
            B::LdU8(v) => self.byte(*v),
            B::LdU16(v) => self.bytes(&v.to_le_bytes()),
            B::LdU32(v) => self.bytes(&v.to_le_bytes()),
            B::LdU64(v) => self.bytes(&v.to_le_bytes()),
            B::LdU128(v) => self.bytes(&v.to_le_bytes()),
            B::LdU256(v) => self.bytes(&v.to_le_bytes()),
            B::LdI8(v) => self.bytes(&v.to_le_bytes()),
            B::LdI16(v) => self.bytes(&v.to_le_bytes()),
            B::LdI32(v) => self.bytes(&v.to_le_bytes()),
            B::LdI64(v) => self.bytes(&v.to_le_bytes()),
            B::LdI128(v) => self.bytes(&v.to_le_bytes()),
            B::LdI256(v) => self.bytes(&v.to_le_bytes()),
            B::CopyLoc(l)
            | B::MoveLoc(l)
            | B::StLoc(l)
            | B::MutBorrowLoc(l)
            | B::ImmBorrowLoc(l) => {
                self.uleb(u64::from(*l), LOCAL_INDEX_MAX, "local index")?;
            }
            B::LdConst(x) => self.idx(x.0)?,
            B::MutBorrowField(x) | B::ImmBorrowField(x) => self.idx(x.0)?,
            B::MutBorrowFieldGeneric(x) | B::ImmBorrowFieldGeneric(x) => self.idx(x.0)?,
            B::Call(x) => self.idx(x.0)?,
            B::CallGeneric(x) => self.idx(x.0)?,
            B::Pack(x)
            | B::Unpack(x)
            | B::Exists(x)
            | B::MutBorrowGlobal(x)
            | B::ImmBorrowGlobal(x)
            | B::MoveFrom(x)
            | B::MoveTo(x) => self.idx(x.0)?,
            B::PackGeneric(x)
            | B::UnpackGeneric(x)
            | B::ExistsGeneric(x)
            | B::MutBorrowGlobalGeneric(x)
            | B::ImmBorrowGlobalGeneric(x)
            | B::MoveFromGeneric(x)
            | B::MoveToGeneric(x) => self.idx(x.0)?,
            B::VecPack(s, n) | B::VecUnpack(s, n) => {
                self.idx(s.0)?;
                self.bytes(&n.to_le_bytes());
            }
            B::VecLen(s)
            | B::VecImmBorrow(s)
            | B::VecMutBorrow(s)
            | B::VecPushBack(s)
            | B::VecPopBack(s)
            | B::VecSwap(s)
            | B::CallClosure(s) => self.idx(s.0)?,
            B::ImmBorrowVariantField(x) | B::MutBorrowVariantField(x) => self.idx(x.0)?,
            B::ImmBorrowVariantFieldGeneric(x) | B::MutBorrowVariantFieldGeneric(x) => {
                self.idx(x.0)?;
            }
            B::PackVariant(x) | B::UnpackVariant(x) | B::TestVariant(x) => self.idx(x.0)?,
            B::PackVariantGeneric(x) | B::UnpackVariantGeneric(x) | B::TestVariantGeneric(x) => {
                self.idx(x.0)?;
            }
            B::PackClosure(f, m) => {
                self.idx(f.0)?;
                write_u64_as_uleb128(&mut self.out, m.0);
            }
            B::PackClosureGeneric(f, m) => {
                self.idx(f.0)?;
                write_u64_as_uleb128(&mut self.out, m.0);
            }
            _ => {}
        }
        Ok(())
    }
}

/// Contents of one table, written by `f` for each element.
fn table<T>(
    tables: &mut Vec<(TableType, Vec<u8>)>,
    version: u32,
    kind: TableType,
    items: &[T],
    mut f: impl FnMut(&mut W, &T) -> SResult<()>,
) -> SResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut w = W::new(version);
    for it in items {
        f(&mut w, it)?;
    }
    tables.push((kind, w.out));
    Ok(())
}

struct CommonRefs<'a> {
    module_handles: &'a [ModuleHandle],
    struct_handles: &'a [StructHandle],
    function_handles: &'a [FunctionHandle],
    function_instantiations: &'a [FunctionInstantiation],
    signatures: &'a [Signature],
    identifiers: &'a [lumio_move_core_types::Identifier],
    address_identifiers: &'a [lumio_move_core_types::AccountAddress],
    constant_pool: &'a [Constant],
    metadata: &'a [Metadata],
}

fn common_tables(v: u32, c: &CommonRefs<'_>, t: &mut Vec<(TableType, Vec<u8>)>) -> SResult<()> {
    use TableType::*;
    table(t, v, MODULE_HANDLES, c.module_handles, W::module_handle)?;
    table(t, v, STRUCT_HANDLES, c.struct_handles, W::struct_handle)?;
    table(
        t,
        v,
        FUNCTION_HANDLES,
        c.function_handles,
        W::function_handle,
    )?;
    table(t, v, FUNCTION_INST, c.function_instantiations, |w, fi| {
        w.idx(fi.handle.0)?;
        w.idx(fi.type_parameters.0)
    })?;
    table(t, v, SIGNATURES, c.signatures, W::signature)?;
    table(t, v, IDENTIFIERS, c.identifiers, |w, id| {
        w.len(id.len(), LEGACY_IDENTIFIER_SIZE_MAX, "identifier size")?;
        w.bytes(id.as_str().as_bytes());
        Ok(())
    })?;
    table(t, v, ADDRESS_IDENTIFIERS, c.address_identifiers, |w, a| {
        w.bytes(a.as_bytes());
        Ok(())
    })?;
    table(t, v, CONSTANT_POOL, c.constant_pool, |w, k| {
        w.token(&k.type_)?;
        w.len(k.data.len(), CONSTANT_SIZE_MAX, "constant size")?;
        w.bytes(&k.data);
        Ok(())
    })?;
    table(t, v, METADATA, c.metadata, |w, m| {
        w.len(m.key.len(), METADATA_KEY_SIZE_MAX, "metadata key size")?;
        w.bytes(&m.key);
        w.len(
            m.value.len(),
            METADATA_VALUE_SIZE_MAX,
            "metadata value size",
        )?;
        w.bytes(&m.value);
        Ok(())
    })
}

/// Header + table directory + contents.
fn assemble(version: u32, tables: Vec<(TableType, Vec<u8>)>) -> SResult<W> {
    let mut w = W::new(version);
    w.bytes(&MOVE_MAGIC);
    let raw = if version >= VERSION_7 {
        version | APTOS_BYTECODE_VERSION_MASK
    } else {
        version
    };
    w.bytes(&raw.to_le_bytes());
    w.len(tables.len(), TABLE_COUNT_MAX, "table count")?;
    let mut offset: u64 = 0;
    for (kind, content) in &tables {
        w.byte(*kind as u8);
        w.uleb(offset, TABLE_OFFSET_MAX, "table offset")?;
        w.uleb(content.len() as u64, TABLE_SIZE_MAX, "table size")?;
        offset += content.len() as u64;
    }
    if offset > TABLE_CONTENT_SIZE_MAX {
        return Err(SerializationError::LimitExceeded {
            what: "table content size",
            value: offset,
            max: TABLE_CONTENT_SIZE_MAX,
        });
    }
    for (_, content) in tables {
        w.bytes(&content);
    }
    Ok(w)
}

fn check_version(v: u32) -> SResult<()> {
    if (VERSION_MIN..=VERSION_MAX).contains(&v) {
        Ok(())
    } else {
        Err(SerializationError::UnsupportedVersion(v))
    }
}

impl CompiledModule {
    /// Serializes at `self.version` (so deserialize → serialize reproduces the input).
    pub fn serialize(&self, binary: &mut Vec<u8>) -> SResult<()> {
        self.serialize_for_version(Some(self.version), binary)
    }

    /// Serializes at `version` (default: `self.version`), appending to `binary`.
    pub fn serialize_for_version(&self, version: Option<u32>, binary: &mut Vec<u8>) -> SResult<()> {
        let v = version.unwrap_or(self.version);
        check_version(v)?;
        use TableType::*;
        let mut t = Vec::new();
        common_tables(
            v,
            &CommonRefs {
                module_handles: &self.module_handles,
                struct_handles: &self.struct_handles,
                function_handles: &self.function_handles,
                function_instantiations: &self.function_instantiations,
                signatures: &self.signatures,
                identifiers: &self.identifiers,
                address_identifiers: &self.address_identifiers,
                constant_pool: &self.constant_pool,
                metadata: &self.metadata,
            },
            &mut t,
        )?;
        table(&mut t, v, STRUCT_DEFS, &self.struct_defs, W::struct_def)?;
        table(
            &mut t,
            v,
            STRUCT_DEF_INST,
            &self.struct_def_instantiations,
            |w, s| {
                w.idx(s.def.0)?;
                w.idx(s.type_parameters.0)
            },
        )?;
        table(
            &mut t,
            v,
            FUNCTION_DEFS,
            &self.function_defs,
            W::function_def,
        )?;
        table(&mut t, v, FIELD_HANDLE, &self.field_handles, |w, f| {
            w.idx(f.owner.0)?;
            w.uleb(u64::from(f.field), FIELD_OFFSET_MAX, "field offset")
        })?;
        table(&mut t, v, FIELD_INST, &self.field_instantiations, |w, f| {
            w.idx(f.handle.0)?;
            w.idx(f.type_parameters.0)
        })?;
        table(
            &mut t,
            v,
            FRIEND_DECLS,
            &self.friend_decls,
            W::module_handle,
        )?;
        let has_v7_tables = !(self.variant_field_handles.is_empty()
            && self.variant_field_instantiations.is_empty()
            && self.struct_variant_handles.is_empty()
            && self.struct_variant_instantiations.is_empty());
        if has_v7_tables {
            let w = W::new(v);
            w.need(VERSION_7, "enum tables")?;
        }
        table(
            &mut t,
            v,
            VARIANT_FIELD_HANDLES,
            &self.variant_field_handles,
            |w, h| {
                w.idx(h.struct_index.0)?;
                w.uleb(u64::from(h.field), FIELD_OFFSET_MAX, "field offset")?;
                w.len(h.variants.len(), VARIANT_COUNT_MAX, "variant count")?;
                for x in &h.variants {
                    w.uleb(u64::from(*x), VARIANT_OFFSET_MAX, "variant index")?;
                }
                Ok(())
            },
        )?;
        table(
            &mut t,
            v,
            VARIANT_FIELD_INST,
            &self.variant_field_instantiations,
            |w, i| {
                w.idx(i.handle.0)?;
                w.idx(i.type_parameters.0)
            },
        )?;
        table(
            &mut t,
            v,
            STRUCT_VARIANT_HANDLES,
            &self.struct_variant_handles,
            |w, h| {
                w.idx(h.struct_index.0)?;
                w.uleb(u64::from(h.variant), VARIANT_OFFSET_MAX, "variant index")
            },
        )?;
        table(
            &mut t,
            v,
            STRUCT_VARIANT_INST,
            &self.struct_variant_instantiations,
            |w, i| {
                w.idx(i.handle.0)?;
                w.idx(i.type_parameters.0)
            },
        )?;
        let mut w = assemble(v, t)?;
        w.idx(self.self_module_handle_idx.0)?;
        binary.extend_from_slice(&w.out);
        Ok(())
    }

    /// Serializes into a fresh vector at `self.version`.
    pub fn to_bytes(&self) -> SResult<Vec<u8>> {
        let mut b = Vec::new();
        self.serialize(&mut b)?;
        Ok(b)
    }
}

impl CompiledScript {
    /// Serializes at `self.version`.
    pub fn serialize(&self, binary: &mut Vec<u8>) -> SResult<()> {
        self.serialize_for_version(Some(self.version), binary)
    }

    /// Serializes at `version` (default: `self.version`), appending to `binary`.
    pub fn serialize_for_version(&self, version: Option<u32>, binary: &mut Vec<u8>) -> SResult<()> {
        let v = version.unwrap_or(self.version);
        check_version(v)?;
        let mut t = Vec::new();
        common_tables(
            v,
            &CommonRefs {
                module_handles: &self.module_handles,
                struct_handles: &self.struct_handles,
                function_handles: &self.function_handles,
                function_instantiations: &self.function_instantiations,
                signatures: &self.signatures,
                identifiers: &self.identifiers,
                address_identifiers: &self.address_identifiers,
                constant_pool: &self.constant_pool,
                metadata: &self.metadata,
            },
            &mut t,
        )?;
        let mut w = assemble(v, t)?;
        w.len(
            self.type_parameters.len(),
            TYPE_PARAMETER_COUNT_MAX,
            "type parameter count",
        )?;
        for a in &self.type_parameters {
            w.abilities(*a)?;
        }
        w.idx(self.parameters.0)?;
        if v >= VERSION_8 {
            w.access_specifiers(self.access_specifiers.as_deref())?;
        } else if self.access_specifiers.is_some() {
            w.need(VERSION_8, "script access specifiers")?;
        }
        w.code_unit(&self.code)?;
        binary.extend_from_slice(&w.out);
        Ok(())
    }

    /// Serializes into a fresh vector at `self.version`.
    pub fn to_bytes(&self) -> SResult<Vec<u8>> {
        let mut b = Vec::new();
        self.serialize(&mut b)?;
        Ok(b)
    }
}
