//! Binary → [`CompiledModule`] / [`CompiledScript`].
//!
//! Enforces every encoding rule and limit of the format (project reference A.1–A.10): magic,
//! version (the Aptos `0x0A000000` mask is stripped), table headers (contiguous from 0,
//! non-empty, distinct kinds, inside the file), version gating of tables, tokens and opcodes,
//! canonical ULEB128 with per-field maxima, signature depth ≤ 256. Status codes follow the
//! Aptos deserializer (e.g. `BAD_U64` for a truncated `LdU64` immediate); like Aptos, bytes after
//! the trailer are ignored. It never
//! panics and never allocates more than the input justifies: element counts only drive
//! `push` loops in which every element consumes input.
//!
//! After decoding, the [`BoundsChecker`](crate::check_bounds::BoundsChecker) runs (as in Aptos)
//! unless the `*_no_check_bounds` entry points are used.

use lumio_move_core_types::{
    AbilitySet, AccountAddress, I256, Identifier, StatusCode, U256, identifier::is_valid_identifier,
};

use crate::{
    check_bounds::BoundsChecker,
    errors::{PartialVMError, PartialVMResult},
    file_format::*,
    file_format_common::*,
};

/// Deserializer limits.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct DeserializerConfig {
    /// Highest accepted version (default [`VERSION_MAX`]; Aptos derives it from feature flags).
    pub max_binary_format_version: u32,
    /// Longest identifier in bytes (default [`IDENTIFIER_SIZE_MAX`] = 255; legacy 65535).
    pub max_identifier_size: u64,
}

impl Default for DeserializerConfig {
    fn default() -> Self {
        Self {
            max_binary_format_version: VERSION_MAX,
            max_identifier_size: IDENTIFIER_SIZE_MAX,
        }
    }
}

impl DeserializerConfig {
    /// A config with the given maxima.
    pub fn new(max_binary_format_version: u32, max_identifier_size: u64) -> Self {
        Self {
            max_binary_format_version,
            max_identifier_size,
        }
    }
}

fn malformed(msg: impl Into<String>) -> PartialVMError {
    PartialVMError::new(StatusCode::MALFORMED).with_message(msg)
}

/// A bounded reader over a byte slice.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn take(&mut self, n: usize) -> PartialVMResult<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| malformed("length overflow"))?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| malformed("unexpected end of input"))?;
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> PartialVMResult<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> PartialVMResult<u8> {
        Ok(self.array::<1>()?[0])
    }

    /// Fixed-width little-endian immediate; a short read is `status` (Aptos `BAD_U16` …).
    fn fixed<const N: usize>(&mut self, status: StatusCode) -> PartialVMResult<[u8; N]> {
        self.array::<N>()
            .map_err(|_| PartialVMError::new(status).with_message("unexpected end of input"))
    }

    fn uleb(&mut self) -> PartialVMResult<u64> {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let (v, n) = read_uleb128_as_u64(rest).ok_or_else(|| malformed("invalid ULEB128"))?;
        self.pos += n;
        Ok(v)
    }

    fn uleb_max(&mut self, max: u64, what: &str) -> PartialVMResult<u64> {
        let v = self.uleb()?;
        if v > max {
            return Err(malformed(format!("{what} {v} exceeds maximum {max}")));
        }
        Ok(v)
    }

    fn u16_idx(&mut self, what: &str) -> PartialVMResult<u16> {
        // TABLE_INDEX_MAX == u16::MAX, so the conversion cannot fail after the check.
        let v = self.uleb_max(TABLE_INDEX_MAX, what)?;
        u16::try_from(v).map_err(|_| malformed(format!("{what} out of range")))
    }

    fn len(&mut self, max: u64, what: &str) -> PartialVMResult<usize> {
        let v = self.uleb_max(max, what)?;
        usize::try_from(v).map_err(|_| malformed(format!("{what} out of range")))
    }
}

#[derive(Clone, Copy, Debug)]
struct TableHeader {
    kind: TableType,
    offset: u32,
    count: u32,
}

/// Shared state while decoding one unit.
struct Ctx<'c> {
    version: u32,
    config: &'c DeserializerConfig,
}

impl CompiledModule {
    /// Deserializes with the default config, then bounds-checks.
    pub fn deserialize(binary: &[u8]) -> PartialVMResult<Self> {
        Self::deserialize_with_config(binary, &DeserializerConfig::default())
    }

    /// Deserializes with `config`, then bounds-checks.
    pub fn deserialize_with_config(
        binary: &[u8],
        config: &DeserializerConfig,
    ) -> PartialVMResult<Self> {
        let m = Self::deserialize_no_check_bounds(binary, config)?;
        BoundsChecker::verify_module(&m)?;
        Ok(m)
    }

    /// Deserializes without the bounds check (for tests of the checker itself).
    pub fn deserialize_no_check_bounds(
        binary: &[u8],
        config: &DeserializerConfig,
    ) -> PartialVMResult<Self> {
        deserialize_module(binary, config).map(|(m, _)| m)
    }
}

impl CompiledScript {
    /// Deserializes with the default config, then bounds-checks.
    pub fn deserialize(binary: &[u8]) -> PartialVMResult<Self> {
        Self::deserialize_with_config(binary, &DeserializerConfig::default())
    }

    /// Deserializes with `config`, then bounds-checks.
    pub fn deserialize_with_config(
        binary: &[u8],
        config: &DeserializerConfig,
    ) -> PartialVMResult<Self> {
        let s = Self::deserialize_no_check_bounds(binary, config)?;
        BoundsChecker::verify_script(&s)?;
        Ok(s)
    }

    /// Deserializes without the bounds check.
    pub fn deserialize_no_check_bounds(
        binary: &[u8],
        config: &DeserializerConfig,
    ) -> PartialVMResult<Self> {
        deserialize_script(binary, config).map(|(s, _)| s)
    }
}

/// Deserializes and bounds-checks a module, also returning how many bytes it used (Aptos
/// ignores the rest); used to tell modules from scripts.
pub(crate) fn module_and_len(binary: &[u8]) -> PartialVMResult<(CompiledModule, usize)> {
    let (m, used) = deserialize_module(binary, &DeserializerConfig::default())?;
    BoundsChecker::verify_module(&m)?;
    Ok((m, used))
}

/// Script counterpart of [`module_and_len`].
pub(crate) fn script_and_len(binary: &[u8]) -> PartialVMResult<(CompiledScript, usize)> {
    let (s, used) = deserialize_script(binary, &DeserializerConfig::default())?;
    BoundsChecker::verify_script(&s)?;
    Ok((s, used))
}

/// Reads magic and version; returns the (unmasked) version.
fn read_header(c: &mut Cursor<'_>, config: &DeserializerConfig) -> PartialVMResult<u32> {
    let magic = c.take(MOVE_MAGIC_SIZE).map_err(|_| {
        PartialVMError::new(StatusCode::BAD_MAGIC).with_message("binary too short for magic")
    })?;
    if magic != MOVE_MAGIC {
        return Err(PartialVMError::new(StatusCode::BAD_MAGIC).with_message("bad magic"));
    }
    let raw = u32::from_le_bytes(c.array::<4>().map_err(|_| malformed("bad binary header"))?);
    // As Aptos: the mask bits are cleared unconditionally.
    let version = raw & !APTOS_BYTECODE_VERSION_MASK;
    if version == 0 || version > config.max_binary_format_version.min(VERSION_MAX) {
        return Err(
            PartialVMError::new(StatusCode::UNKNOWN_VERSION).with_message(format!(
                "unsupported bytecode version {version} (raw {raw:#x})"
            )),
        );
    }
    Ok(version)
}

/// Reads and validates table headers; returns them sorted by offset plus the blob slice and
/// the position right after the blob.
fn read_tables<'a>(
    c: &mut Cursor<'a>,
    version: u32,
    is_script: bool,
) -> PartialVMResult<(Vec<TableHeader>, &'a [u8])> {
    let count = c.uleb_max(TABLE_COUNT_MAX, "table count")?;
    let mut tables = Vec::new();
    for _ in 0..count {
        let kind_byte = c.u8()?;
        let kind = TableType::from_u8(kind_byte).ok_or_else(|| {
            PartialVMError::new(StatusCode::UNKNOWN_TABLE_TYPE)
                .with_message(format!("unknown table kind {kind_byte:#x}"))
        })?;
        let offset = c.uleb_max(TABLE_OFFSET_MAX, "table offset")? as u32;
        let size = c.uleb_max(TABLE_SIZE_MAX, "table size")? as u32;
        tables.push(TableHeader {
            kind,
            offset,
            count: size,
        });
    }
    // Version and unit-kind gating of table kinds.
    for t in &tables {
        use TableType::*;
        let v7 = matches!(
            t.kind,
            VARIANT_FIELD_HANDLES
                | VARIANT_FIELD_INST
                | STRUCT_VARIANT_HANDLES
                | STRUCT_VARIANT_INST
        );
        if v7 && version < VERSION_7 {
            return Err(malformed(format!("table {:?} requires version 7", t.kind)));
        }
        if t.kind == FRIEND_DECLS && version < VERSION_2 {
            return Err(malformed("friend declarations require version 2"));
        }
        if t.kind == METADATA && version < VERSION_5 {
            return Err(malformed("metadata table requires version 5"));
        }
        let script_ok = matches!(
            t.kind,
            MODULE_HANDLES
                | STRUCT_HANDLES
                | FUNCTION_HANDLES
                | FUNCTION_INST
                | SIGNATURES
                | CONSTANT_POOL
                | IDENTIFIERS
                | ADDRESS_IDENTIFIERS
                | METADATA
        );
        if is_script && !script_ok {
            return Err(malformed(format!(
                "table {:?} not allowed in a script",
                t.kind
            )));
        }
    }
    tables.sort_by_key(|t| t.offset);
    // Same checks and order as Aptos `check_tables`.
    let mut seen = std::collections::BTreeSet::new();
    let mut expected: u64 = 0;
    let binary_len = c.bytes.len() as u64;
    for t in &tables {
        if u64::from(t.offset) != expected || t.count == 0 {
            return Err(PartialVMError::new(StatusCode::BAD_HEADER_TABLE)
                .with_message(format!("table {:?} not contiguous or empty", t.kind)));
        }
        expected += u64::from(t.count);
        if expected > TABLE_CONTENT_SIZE_MAX {
            return Err(PartialVMError::new(StatusCode::BAD_HEADER_TABLE)
                .with_message("table contents too large"));
        }
        if !seen.insert(t.kind as u8) {
            return Err(PartialVMError::new(StatusCode::DUPLICATE_TABLE)
                .with_message(format!("duplicate table {:?}", t.kind)));
        }
        if expected > binary_len {
            return Err(PartialVMError::new(StatusCode::BAD_HEADER_TABLE)
                .with_message("tables extend past end of binary"));
        }
    }
    let blob_len = usize::try_from(expected).map_err(|_| malformed("table contents too large"))?;
    let blob = c
        .take(blob_len)
        .map_err(|_| malformed("error reading table contents"))?;
    Ok((tables, blob))
}

fn table_slice<'a>(blob: &'a [u8], t: &TableHeader) -> PartialVMResult<&'a [u8]> {
    let start = t.offset as usize;
    let end = start + t.count as usize;
    blob.get(start..end)
        .ok_or_else(|| PartialVMError::new(StatusCode::BAD_HEADER_TABLE))
}

/// Tables common to modules and scripts.
#[derive(Default)]
struct Common {
    module_handles: Vec<ModuleHandle>,
    struct_handles: Vec<StructHandle>,
    function_handles: Vec<FunctionHandle>,
    function_instantiations: Vec<FunctionInstantiation>,
    signatures: Vec<Signature>,
    identifiers: Vec<Identifier>,
    address_identifiers: Vec<AccountAddress>,
    constant_pool: Vec<Constant>,
    metadata: Vec<Metadata>,
}

fn load_common(
    ctx: &Ctx<'_>,
    kind: TableType,
    c: &mut Cursor<'_>,
    out: &mut Common,
) -> PartialVMResult<bool> {
    use TableType::*;
    match kind {
        MODULE_HANDLES => {
            while !c.at_end() {
                out.module_handles.push(load_module_handle(c)?);
            }
        }
        STRUCT_HANDLES => {
            while !c.at_end() {
                let module = ModuleHandleIndex(c.u16_idx("module handle index")?);
                let name = IdentifierIndex(c.u16_idx("identifier index")?);
                let abilities = load_ability_set(c)?;
                let n = c.len(TYPE_PARAMETER_COUNT_MAX, "type parameter count")?;
                let mut type_parameters = Vec::new();
                for _ in 0..n {
                    let constraints = load_ability_set(c)?;
                    let is_phantom = if ctx.version < VERSION_3 {
                        false
                    } else {
                        c.uleb_max(1, "phantom flag")? == 1
                    };
                    type_parameters.push(StructTypeParameter {
                        constraints,
                        is_phantom,
                    });
                }
                out.struct_handles.push(StructHandle {
                    module,
                    name,
                    abilities,
                    type_parameters,
                });
            }
        }
        FUNCTION_HANDLES => {
            while !c.at_end() {
                out.function_handles.push(load_function_handle(ctx, c)?);
            }
        }
        FUNCTION_INST => {
            while !c.at_end() {
                let handle = FunctionHandleIndex(c.u16_idx("function handle index")?);
                let type_parameters = SignatureIndex(c.u16_idx("signature index")?);
                out.function_instantiations.push(FunctionInstantiation {
                    handle,
                    type_parameters,
                });
            }
        }
        SIGNATURES => {
            while !c.at_end() {
                let n = c.len(SIGNATURE_SIZE_MAX, "signature size")?;
                let mut toks = Vec::new();
                for _ in 0..n {
                    toks.push(load_signature_token(ctx, c)?);
                }
                out.signatures.push(Signature(toks));
            }
        }
        CONSTANT_POOL => {
            while !c.at_end() {
                let type_ = load_signature_token(ctx, c)?;
                let n = c.len(CONSTANT_SIZE_MAX, "constant size")?;
                let data = c.take(n)?.to_vec();
                out.constant_pool.push(Constant { type_, data });
            }
        }
        IDENTIFIERS => {
            while !c.at_end() {
                let n = c.len(ctx.config.max_identifier_size, "identifier size")?;
                let bytes = c.take(n)?;
                let s =
                    std::str::from_utf8(bytes).map_err(|_| malformed("identifier is not UTF-8"))?;
                if !is_valid_identifier(s, ctx.version >= VERSION_9) {
                    return Err(malformed(format!("invalid identifier {s:?}")));
                }
                let id = Identifier::new(s)
                    .map_err(|_| malformed(format!("invalid identifier {s:?}")))?;
                out.identifiers.push(id);
            }
        }
        ADDRESS_IDENTIFIERS => {
            while !c.at_end() {
                out.address_identifiers
                    .push(AccountAddress::new(c.array::<32>()?));
            }
        }
        METADATA => {
            while !c.at_end() {
                let kn = c.len(METADATA_KEY_SIZE_MAX, "metadata key size")?;
                let key = c.take(kn)?.to_vec();
                let vn = c.len(METADATA_VALUE_SIZE_MAX, "metadata value size")?;
                let value = c.take(vn)?.to_vec();
                out.metadata.push(Metadata { key, value });
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn load_module_handle(c: &mut Cursor<'_>) -> PartialVMResult<ModuleHandle> {
    let address = AddressIdentifierIndex(c.u16_idx("address index")?);
    let name = IdentifierIndex(c.u16_idx("identifier index")?);
    Ok(ModuleHandle { address, name })
}

fn load_ability_set(c: &mut Cursor<'_>) -> PartialVMResult<AbilitySet> {
    // As Aptos: the ULEB is bounded by 0xF, so stray bits are MALFORMED.
    let v = c.uleb_max(u64::from(AbilitySet::ALL.into_u8()), "ability set")?;
    AbilitySet::from_u8(v as u8).ok_or_else(|| {
        PartialVMError::new(StatusCode::UNKNOWN_ABILITY)
            .with_message(format!("unknown ability bits {v:#x}"))
    })
}

fn load_bool(c: &mut Cursor<'_>, what: &str) -> PartialVMResult<bool> {
    match c.u8()? {
        SERIALIZED_FALSE => Ok(false),
        SERIALIZED_TRUE => Ok(true),
        b => Err(malformed(format!("invalid {what} byte {b:#x}"))),
    }
}

fn load_function_handle(ctx: &Ctx<'_>, c: &mut Cursor<'_>) -> PartialVMResult<FunctionHandle> {
    let module = ModuleHandleIndex(c.u16_idx("module handle index")?);
    let name = IdentifierIndex(c.u16_idx("identifier index")?);
    let parameters = SignatureIndex(c.u16_idx("signature index")?);
    let return_ = SignatureIndex(c.u16_idx("signature index")?);
    let n = c.len(TYPE_PARAMETER_COUNT_MAX, "type parameter count")?;
    let mut type_parameters = Vec::new();
    for _ in 0..n {
        type_parameters.push(load_ability_set(c)?);
    }
    let access_specifiers = if ctx.version >= VERSION_7 {
        load_access_specifiers(c)?
    } else {
        None
    };
    let mut attributes = Vec::new();
    if ctx.version >= VERSION_8 {
        let n = c.len(ATTRIBUTE_COUNT_MAX, "attribute count")?;
        for _ in 0..n {
            attributes.push(load_function_attribute(ctx, c)?);
        }
    }
    Ok(FunctionHandle {
        module,
        name,
        parameters,
        return_,
        type_parameters,
        access_specifiers,
        attributes,
    })
}

fn load_function_attribute(
    ctx: &Ctx<'_>,
    c: &mut Cursor<'_>,
) -> PartialVMResult<FunctionAttribute> {
    let tag = c.u8()?;
    if tag >= 3 && ctx.version < VERSION_10 {
        return Err(malformed(format!(
            "function attribute {tag} requires version 10"
        )));
    }
    let mut operand =
        || -> PartialVMResult<u16> { Ok(u16::from_le_bytes(c.fixed::<2>(StatusCode::BAD_U16)?)) };
    Ok(match tag {
        1 => FunctionAttribute::Persistent,
        2 => FunctionAttribute::ModuleLock,
        3 => FunctionAttribute::Pack,
        4 => FunctionAttribute::PackVariant(operand()?),
        5 => FunctionAttribute::Unpack,
        6 => FunctionAttribute::UnpackVariant(operand()?),
        7 => FunctionAttribute::TestVariant(operand()?),
        8 => FunctionAttribute::BorrowFieldImmutable(operand()?),
        9 => FunctionAttribute::BorrowFieldMutable(operand()?),
        _ => return Err(malformed(format!("unknown function attribute {tag}"))),
    })
}

fn load_access_specifiers(c: &mut Cursor<'_>) -> PartialVMResult<Option<Vec<AccessSpecifier>>> {
    if !load_bool(c, "access specifier option")? {
        return Ok(None);
    }
    let n = c.len(ACCESS_SPECIFIER_COUNT_MAX, "access specifier count")?;
    let mut specs = Vec::new();
    for _ in 0..n {
        let kind = match c.u8()? {
            1 => AccessKind::Reads,
            2 => AccessKind::Writes,
            b => return Err(malformed(format!("invalid access kind {b}"))),
        };
        let negated = load_bool(c, "negation flag")?;
        let resource = match c.u8()? {
            1 => ResourceSpecifier::Any,
            2 => ResourceSpecifier::DeclaredAtAddress(AddressIdentifierIndex(
                c.u16_idx("address index")?,
            )),
            3 => ResourceSpecifier::DeclaredInModule(ModuleHandleIndex(
                c.u16_idx("module handle index")?,
            )),
            4 => ResourceSpecifier::Resource(StructHandleIndex(c.u16_idx("struct handle index")?)),
            5 => ResourceSpecifier::ResourceInstantiation(
                StructHandleIndex(c.u16_idx("struct handle index")?),
                SignatureIndex(c.u16_idx("signature index")?),
            ),
            b => return Err(malformed(format!("invalid resource specifier {b}"))),
        };
        let address = match c.u8()? {
            1 => AddressSpecifier::Any,
            2 => AddressSpecifier::Literal(AddressIdentifierIndex(c.u16_idx("address index")?)),
            3 => {
                let local = c.uleb_max(LOCAL_INDEX_MAX, "local index")? as u8;
                let func = if load_bool(c, "function option")? {
                    Some(FunctionInstantiationIndex(
                        c.u16_idx("function instantiation index")?,
                    ))
                } else {
                    None
                };
                AddressSpecifier::Parameter(local, func)
            }
            b => return Err(malformed(format!("invalid address specifier {b}"))),
        };
        specs.push(AccessSpecifier {
            kind,
            negated,
            resource,
            address,
        });
    }
    Ok(Some(specs))
}

/// A token whose nested tokens are still being read.
enum Pending {
    Vector,
    Reference,
    MutableReference,
    StructInst(StructHandleIndex, usize, Vec<SignatureToken>),
    Function(AbilitySet, usize, usize, Vec<SignatureToken>),
}

/// Reads one pre-order token tree iteratively (no recursion, so hostile nesting cannot exhaust
/// the stack); nesting deeper than [`SIGNATURE_TOKEN_DEPTH_MAX`] is `MALFORMED`.
fn load_signature_token(ctx: &Ctx<'_>, c: &mut Cursor<'_>) -> PartialVMResult<SignatureToken> {
    use SignatureToken as T;
    let mut stack: Vec<Pending> = Vec::new();
    loop {
        if stack.len() >= SIGNATURE_TOKEN_DEPTH_MAX {
            return Err(malformed(
                "maximum recursion depth reached in signature token",
            ));
        }
        let byte = c.u8()?;
        let need = |v: u32| -> PartialVMResult<()> {
            if ctx.version < v {
                Err(malformed(format!(
                    "signature token {byte:#x} requires version {v}"
                )))
            } else {
                Ok(())
            }
        };
        let mut done = match byte {
            0x1 => T::Bool,
            0x2 => T::U8,
            0x3 => T::U64,
            0x4 => T::U128,
            0x5 => T::Address,
            0xC => T::Signer,
            0x6 => {
                stack.push(Pending::Reference);
                continue;
            }
            0x7 => {
                stack.push(Pending::MutableReference);
                continue;
            }
            0xA => {
                stack.push(Pending::Vector);
                continue;
            }
            0x8 => T::Struct(StructHandleIndex(c.u16_idx("struct handle index")?)),
            0x9 => {
                let idx = c.uleb_max(TYPE_PARAMETER_INDEX_MAX, "type parameter index")?;
                T::TypeParameter(
                    u16::try_from(idx)
                        .map_err(|_| malformed("type parameter index out of range"))?,
                )
            }
            0xB => {
                let h = StructHandleIndex(c.u16_idx("struct handle index")?);
                let arity = c.len(TYPE_PARAMETER_COUNT_MAX, "type argument count")?;
                if arity == 0 {
                    return Err(malformed("struct instantiation with no type arguments"));
                }
                stack.push(Pending::StructInst(h, arity, Vec::new()));
                continue;
            }
            0xD => {
                need(VERSION_6)?;
                T::U16
            }
            0xE => {
                need(VERSION_6)?;
                T::U32
            }
            0xF => {
                need(VERSION_6)?;
                T::U256
            }
            0x10 => {
                need(VERSION_8)?;
                let abilities = load_ability_set(c)?;
                let nargs = c.len(SIGNATURE_SIZE_MAX, "function argument count")?;
                let nres = c.len(SIGNATURE_SIZE_MAX, "function result count")?;
                if nargs + nres > 0 {
                    stack.push(Pending::Function(abilities, nargs, nres, Vec::new()));
                    continue;
                }
                T::Function(vec![], vec![], abilities)
            }
            0x11..=0x16 => {
                need(VERSION_9)?;
                match byte {
                    0x11 => T::I8,
                    0x12 => T::I16,
                    0x13 => T::I32,
                    0x14 => T::I64,
                    0x15 => T::I128,
                    _ => T::I256,
                }
            }
            _ => {
                return Err(PartialVMError::new(StatusCode::UNKNOWN_SERIALIZED_TYPE)
                    .with_message(format!("unknown signature token {byte:#x}")));
            }
        };
        // Attach the finished token to its parents, completing them as far as possible.
        loop {
            match stack.pop() {
                None => return Ok(done),
                Some(Pending::Vector) => done = T::Vector(Box::new(done)),
                Some(Pending::Reference) => done = T::Reference(Box::new(done)),
                Some(Pending::MutableReference) => done = T::MutableReference(Box::new(done)),
                Some(Pending::StructInst(h, arity, mut args)) => {
                    args.push(done);
                    if args.len() < arity {
                        stack.push(Pending::StructInst(h, arity, args));
                        break;
                    }
                    done = T::StructInstantiation(h, args);
                }
                Some(Pending::Function(ab, nargs, nres, mut tys)) => {
                    tys.push(done);
                    if tys.len() < nargs + nres {
                        stack.push(Pending::Function(ab, nargs, nres, tys));
                        break;
                    }
                    let results = tys.split_off(nargs);
                    done = T::Function(tys, results, ab);
                }
            }
        }
    }
}

fn load_field_defs(ctx: &Ctx<'_>, c: &mut Cursor<'_>) -> PartialVMResult<Vec<FieldDefinition>> {
    let n = c.len(FIELD_COUNT_MAX, "field count")?;
    let mut fields = Vec::new();
    for _ in 0..n {
        let name = IdentifierIndex(c.u16_idx("identifier index")?);
        let signature = TypeSignature(load_signature_token(ctx, c)?);
        fields.push(FieldDefinition { name, signature });
    }
    Ok(fields)
}

fn load_code_unit(ctx: &Ctx<'_>, c: &mut Cursor<'_>) -> PartialVMResult<CodeUnit> {
    let locals = SignatureIndex(c.u16_idx("signature index")?);
    let n = c.len(BYTECODE_COUNT_MAX, "bytecode count")?;
    // Every instruction takes at least one byte: the rest of the input bounds the count, so a
    // hostile count cannot make this reserve more than the input justifies.
    let mut code = Vec::with_capacity(n.min(c.bytes.len().saturating_sub(c.pos)));
    for _ in 0..n {
        code.push(load_instruction(ctx, c)?);
    }
    Ok(CodeUnit { locals, code })
}

fn load_instruction(ctx: &Ctx<'_>, c: &mut Cursor<'_>) -> PartialVMResult<Bytecode> {
    use Bytecode as B;
    use Opcodes as O;
    let byte = c.u8()?;
    let op = Opcodes::from_u8(byte).ok_or_else(|| {
        PartialVMError::new(StatusCode::UNKNOWN_OPCODE)
            .with_message(format!("unknown opcode {byte:#x}"))
    })?;
    if ctx.version < op.min_version() {
        return Err(malformed(format!(
            "opcode {op:?} requires version {}",
            op.min_version()
        )));
    }
    let off = |c: &mut Cursor<'_>| -> PartialVMResult<u16> {
        Ok(c.uleb_max(BYTECODE_INDEX_MAX, "code offset")? as u16)
    };
    let loc = |c: &mut Cursor<'_>| -> PartialVMResult<u8> {
        Ok(c.uleb_max(LOCAL_INDEX_MAX, "local index")? as u8)
    };
    let idx = |c: &mut Cursor<'_>| -> PartialVMResult<u16> { c.u16_idx("pool index") };
    Ok(match op {
        O::POP => B::Pop,
        O::RET => B::Ret,
        O::BR_TRUE => B::BrTrue(off(c)?),
        O::BR_FALSE => B::BrFalse(off(c)?),
        O::BRANCH => B::Branch(off(c)?),
        O::LD_U8 => B::LdU8(c.u8()?),
        O::LD_U16 => B::LdU16(u16::from_le_bytes(c.fixed(StatusCode::BAD_U16)?)),
        O::LD_U32 => B::LdU32(u32::from_le_bytes(c.fixed(StatusCode::BAD_U32)?)),
        O::LD_U64 => B::LdU64(u64::from_le_bytes(c.fixed(StatusCode::BAD_U64)?)),
        O::LD_U128 => B::LdU128(u128::from_le_bytes(c.fixed(StatusCode::BAD_U128)?)),
        O::LD_U256 => B::LdU256(U256::from_le_bytes(c.fixed(StatusCode::BAD_U256)?)),
        O::LD_I8 => B::LdI8(i8::from_le_bytes(c.array()?)),
        O::LD_I16 => B::LdI16(i16::from_le_bytes(c.array()?)),
        O::LD_I32 => B::LdI32(i32::from_le_bytes(c.array()?)),
        O::LD_I64 => B::LdI64(i64::from_le_bytes(c.array()?)),
        O::LD_I128 => B::LdI128(i128::from_le_bytes(c.array()?)),
        O::LD_I256 => B::LdI256(I256::from_le_bytes(c.array()?)),
        O::CAST_U8 => B::CastU8,
        O::CAST_U16 => B::CastU16,
        O::CAST_U32 => B::CastU32,
        O::CAST_U64 => B::CastU64,
        O::CAST_U128 => B::CastU128,
        O::CAST_U256 => B::CastU256,
        O::CAST_I8 => B::CastI8,
        O::CAST_I16 => B::CastI16,
        O::CAST_I32 => B::CastI32,
        O::CAST_I64 => B::CastI64,
        O::CAST_I128 => B::CastI128,
        O::CAST_I256 => B::CastI256,
        O::LD_CONST => B::LdConst(ConstantPoolIndex(idx(c)?)),
        O::LD_TRUE => B::LdTrue,
        O::LD_FALSE => B::LdFalse,
        O::COPY_LOC => B::CopyLoc(loc(c)?),
        O::MOVE_LOC => B::MoveLoc(loc(c)?),
        O::ST_LOC => B::StLoc(loc(c)?),
        O::MUT_BORROW_LOC => B::MutBorrowLoc(loc(c)?),
        O::IMM_BORROW_LOC => B::ImmBorrowLoc(loc(c)?),
        O::MUT_BORROW_FIELD => B::MutBorrowField(FieldHandleIndex(idx(c)?)),
        O::IMM_BORROW_FIELD => B::ImmBorrowField(FieldHandleIndex(idx(c)?)),
        O::MUT_BORROW_FIELD_GENERIC => B::MutBorrowFieldGeneric(FieldInstantiationIndex(idx(c)?)),
        O::IMM_BORROW_FIELD_GENERIC => B::ImmBorrowFieldGeneric(FieldInstantiationIndex(idx(c)?)),
        O::CALL => B::Call(FunctionHandleIndex(idx(c)?)),
        O::CALL_GENERIC => B::CallGeneric(FunctionInstantiationIndex(idx(c)?)),
        O::PACK => B::Pack(StructDefinitionIndex(idx(c)?)),
        O::PACK_GENERIC => B::PackGeneric(StructDefInstantiationIndex(idx(c)?)),
        O::UNPACK => B::Unpack(StructDefinitionIndex(idx(c)?)),
        O::UNPACK_GENERIC => B::UnpackGeneric(StructDefInstantiationIndex(idx(c)?)),
        O::READ_REF => B::ReadRef,
        O::WRITE_REF => B::WriteRef,
        O::FREEZE_REF => B::FreezeRef,
        O::ADD => B::Add,
        O::SUB => B::Sub,
        O::MUL => B::Mul,
        O::MOD => B::Mod,
        O::DIV => B::Div,
        O::BIT_OR => B::BitOr,
        O::BIT_AND => B::BitAnd,
        O::XOR => B::Xor,
        O::OR => B::Or,
        O::AND => B::And,
        O::NOT => B::Not,
        O::EQ => B::Eq,
        O::NEQ => B::Neq,
        O::LT => B::Lt,
        O::GT => B::Gt,
        O::LE => B::Le,
        O::GE => B::Ge,
        O::ABORT => B::Abort,
        O::ABORT_MSG => B::AbortMsg,
        O::NOP => B::Nop,
        O::SHL => B::Shl,
        O::SHR => B::Shr,
        O::NEGATE => B::Negate,
        O::EXISTS => B::Exists(StructDefinitionIndex(idx(c)?)),
        O::EXISTS_GENERIC => B::ExistsGeneric(StructDefInstantiationIndex(idx(c)?)),
        O::MUT_BORROW_GLOBAL => B::MutBorrowGlobal(StructDefinitionIndex(idx(c)?)),
        O::MUT_BORROW_GLOBAL_GENERIC => {
            B::MutBorrowGlobalGeneric(StructDefInstantiationIndex(idx(c)?))
        }
        O::IMM_BORROW_GLOBAL => B::ImmBorrowGlobal(StructDefinitionIndex(idx(c)?)),
        O::IMM_BORROW_GLOBAL_GENERIC => {
            B::ImmBorrowGlobalGeneric(StructDefInstantiationIndex(idx(c)?))
        }
        O::MOVE_FROM => B::MoveFrom(StructDefinitionIndex(idx(c)?)),
        O::MOVE_FROM_GENERIC => B::MoveFromGeneric(StructDefInstantiationIndex(idx(c)?)),
        O::MOVE_TO => B::MoveTo(StructDefinitionIndex(idx(c)?)),
        O::MOVE_TO_GENERIC => B::MoveToGeneric(StructDefInstantiationIndex(idx(c)?)),
        O::VEC_PACK => B::VecPack(
            SignatureIndex(idx(c)?),
            u64::from_le_bytes(c.fixed(StatusCode::BAD_U64)?),
        ),
        O::VEC_LEN => B::VecLen(SignatureIndex(idx(c)?)),
        O::VEC_IMM_BORROW => B::VecImmBorrow(SignatureIndex(idx(c)?)),
        O::VEC_MUT_BORROW => B::VecMutBorrow(SignatureIndex(idx(c)?)),
        O::VEC_PUSH_BACK => B::VecPushBack(SignatureIndex(idx(c)?)),
        O::VEC_POP_BACK => B::VecPopBack(SignatureIndex(idx(c)?)),
        O::VEC_UNPACK => B::VecUnpack(
            SignatureIndex(idx(c)?),
            u64::from_le_bytes(c.fixed(StatusCode::BAD_U64)?),
        ),
        O::VEC_SWAP => B::VecSwap(SignatureIndex(idx(c)?)),
        O::IMM_BORROW_VARIANT_FIELD => B::ImmBorrowVariantField(VariantFieldHandleIndex(idx(c)?)),
        O::MUT_BORROW_VARIANT_FIELD => B::MutBorrowVariantField(VariantFieldHandleIndex(idx(c)?)),
        O::IMM_BORROW_VARIANT_FIELD_GENERIC => {
            B::ImmBorrowVariantFieldGeneric(VariantFieldInstantiationIndex(idx(c)?))
        }
        O::MUT_BORROW_VARIANT_FIELD_GENERIC => {
            B::MutBorrowVariantFieldGeneric(VariantFieldInstantiationIndex(idx(c)?))
        }
        O::PACK_VARIANT => B::PackVariant(StructVariantHandleIndex(idx(c)?)),
        O::PACK_VARIANT_GENERIC => B::PackVariantGeneric(StructVariantInstantiationIndex(idx(c)?)),
        O::UNPACK_VARIANT => B::UnpackVariant(StructVariantHandleIndex(idx(c)?)),
        O::UNPACK_VARIANT_GENERIC => {
            B::UnpackVariantGeneric(StructVariantInstantiationIndex(idx(c)?))
        }
        O::TEST_VARIANT => B::TestVariant(StructVariantHandleIndex(idx(c)?)),
        O::TEST_VARIANT_GENERIC => B::TestVariantGeneric(StructVariantInstantiationIndex(idx(c)?)),
        O::PACK_CLOSURE => {
            let f = FunctionHandleIndex(idx(c)?);
            B::PackClosure(f, ClosureMask(c.uleb()?))
        }
        O::PACK_CLOSURE_GENERIC => {
            let f = FunctionInstantiationIndex(idx(c)?);
            B::PackClosureGeneric(f, ClosureMask(c.uleb()?))
        }
        O::CALL_CLOSURE => B::CallClosure(SignatureIndex(idx(c)?)),
    })
}

fn load_module_tables(
    ctx: &Ctx<'_>,
    tables: &[TableHeader],
    blob: &[u8],
    m: &mut CompiledModule,
) -> PartialVMResult<()> {
    use TableType::*;
    let mut common = Common::default();
    for t in tables {
        let mut c = Cursor::new(table_slice(blob, t)?);
        if load_common(ctx, t.kind, &mut c, &mut common)? {
            continue;
        }
        match t.kind {
            STRUCT_DEFS => {
                while !c.at_end() {
                    let struct_handle = StructHandleIndex(c.u16_idx("struct handle index")?);
                    let flag = c.u8()?;
                    let field_information = match flag {
                        STRUCT_NATIVE => StructFieldInformation::Native,
                        STRUCT_DECLARED => {
                            StructFieldInformation::Declared(load_field_defs(ctx, &mut c)?)
                        }
                        STRUCT_DECLARED_VARIANTS => {
                            if ctx.version < VERSION_7 {
                                return Err(malformed("enum definitions require version 7"));
                            }
                            let n = c.len(VARIANT_COUNT_MAX, "variant count")?;
                            let mut variants = Vec::new();
                            for _ in 0..n {
                                let name = IdentifierIndex(c.u16_idx("identifier index")?);
                                let fields = load_field_defs(ctx, &mut c)?;
                                variants.push(VariantDefinition { name, fields });
                            }
                            StructFieldInformation::DeclaredVariants(variants)
                        }
                        b => {
                            return Err(PartialVMError::new(
                                StatusCode::UNKNOWN_NATIVE_STRUCT_FLAG,
                            )
                            .with_message(format!("invalid struct flag {b:#x}")));
                        }
                    };
                    m.struct_defs.push(StructDefinition {
                        struct_handle,
                        field_information,
                    });
                }
            }
            STRUCT_DEF_INST => {
                while !c.at_end() {
                    let def = StructDefinitionIndex(c.u16_idx("struct definition index")?);
                    let type_parameters = SignatureIndex(c.u16_idx("signature index")?);
                    m.struct_def_instantiations.push(StructDefInstantiation {
                        def,
                        type_parameters,
                    });
                }
            }
            FUNCTION_DEFS => {
                while !c.at_end() {
                    m.function_defs.push(load_function_def(ctx, &mut c)?);
                }
            }
            FIELD_HANDLE => {
                while !c.at_end() {
                    let owner = StructDefinitionIndex(c.u16_idx("struct definition index")?);
                    let field = c.uleb_max(FIELD_OFFSET_MAX, "field offset")? as u16;
                    m.field_handles.push(FieldHandle { owner, field });
                }
            }
            FIELD_INST => {
                while !c.at_end() {
                    let handle = FieldHandleIndex(c.u16_idx("field handle index")?);
                    let type_parameters = SignatureIndex(c.u16_idx("signature index")?);
                    m.field_instantiations.push(FieldInstantiation {
                        handle,
                        type_parameters,
                    });
                }
            }
            FRIEND_DECLS => {
                while !c.at_end() {
                    m.friend_decls.push(load_module_handle(&mut c)?);
                }
            }
            VARIANT_FIELD_HANDLES => {
                while !c.at_end() {
                    let struct_index = StructDefinitionIndex(c.u16_idx("struct definition index")?);
                    let field = c.uleb_max(FIELD_OFFSET_MAX, "field offset")? as u16;
                    let n = c.len(VARIANT_COUNT_MAX, "variant count")?;
                    let mut variants = Vec::new();
                    for _ in 0..n {
                        variants.push(c.uleb_max(VARIANT_OFFSET_MAX, "variant index")? as u16);
                    }
                    m.variant_field_handles.push(VariantFieldHandle {
                        struct_index,
                        variants,
                        field,
                    });
                }
            }
            VARIANT_FIELD_INST => {
                while !c.at_end() {
                    let handle = VariantFieldHandleIndex(c.u16_idx("variant field handle index")?);
                    let type_parameters = SignatureIndex(c.u16_idx("signature index")?);
                    m.variant_field_instantiations
                        .push(VariantFieldInstantiation {
                            handle,
                            type_parameters,
                        });
                }
            }
            STRUCT_VARIANT_HANDLES => {
                while !c.at_end() {
                    let struct_index = StructDefinitionIndex(c.u16_idx("struct definition index")?);
                    let variant = c.uleb_max(VARIANT_OFFSET_MAX, "variant index")? as u16;
                    m.struct_variant_handles.push(StructVariantHandle {
                        struct_index,
                        variant,
                    });
                }
            }
            STRUCT_VARIANT_INST => {
                while !c.at_end() {
                    let handle =
                        StructVariantHandleIndex(c.u16_idx("struct variant handle index")?);
                    let type_parameters = SignatureIndex(c.u16_idx("signature index")?);
                    m.struct_variant_instantiations
                        .push(StructVariantInstantiation {
                            handle,
                            type_parameters,
                        });
                }
            }
            other => return Err(malformed(format!("unexpected table {other:?}"))),
        }
    }
    m.module_handles = common.module_handles;
    m.struct_handles = common.struct_handles;
    m.function_handles = common.function_handles;
    m.function_instantiations = common.function_instantiations;
    m.signatures = common.signatures;
    m.identifiers = common.identifiers;
    m.address_identifiers = common.address_identifiers;
    m.constant_pool = common.constant_pool;
    m.metadata = common.metadata;
    Ok(())
}

fn load_function_def(ctx: &Ctx<'_>, c: &mut Cursor<'_>) -> PartialVMResult<FunctionDefinition> {
    let function = FunctionHandleIndex(c.u16_idx("function handle index")?);
    let (visibility, mut is_entry, flags) = if ctx.version == VERSION_1 {
        let flags = c.u8()?;
        let vis = if flags & FunctionDefinition::DEPRECATED_PUBLIC_BIT != 0 {
            Visibility::Public
        } else {
            Visibility::Private
        };
        (
            vis,
            false,
            flags & !FunctionDefinition::DEPRECATED_PUBLIC_BIT,
        )
    } else {
        let vb = c.u8()?;
        let (vis, entry) = match (vb, Visibility::from_u8(vb)) {
            (_, Some(v)) => (v, false),
            (Visibility::DEPRECATED_SCRIPT, None) if ctx.version < VERSION_5 => {
                (Visibility::Public, true)
            }
            _ => return Err(malformed(format!("invalid visibility byte {vb:#x}"))),
        };
        (vis, entry, c.u8()?)
    };
    let mut rest = flags;
    let native = rest & FunctionDefinition::NATIVE != 0;
    rest &= !FunctionDefinition::NATIVE;
    if ctx.version >= VERSION_5 && rest & FunctionDefinition::ENTRY != 0 {
        is_entry = true;
        rest &= !FunctionDefinition::ENTRY;
    }
    let n = c.len(ACQUIRES_COUNT_MAX, "acquires count")?;
    let mut acquires_global_resources = Vec::new();
    for _ in 0..n {
        acquires_global_resources
            .push(StructDefinitionIndex(c.u16_idx("struct definition index")?));
    }
    let code = if native {
        None
    } else {
        Some(load_code_unit(ctx, c)?)
    };
    // As Aptos: leftover flag bits are checked after the body has been read.
    if rest != 0 {
        return Err(PartialVMError::new(StatusCode::INVALID_FLAG_BITS)
            .with_message(format!("invalid function flags {flags:#x}")));
    }
    Ok(FunctionDefinition {
        function,
        visibility,
        is_entry,
        acquires_global_resources,
        code,
    })
}

fn deserialize_module(
    binary: &[u8],
    config: &DeserializerConfig,
) -> PartialVMResult<(CompiledModule, usize)> {
    let mut c = Cursor::new(binary);
    let version = read_header(&mut c, config)?;
    let ctx = Ctx { version, config };
    let (tables, blob) = read_tables(&mut c, version, false)?;
    let mut m = CompiledModule {
        version,
        ..Default::default()
    };
    load_module_tables(&ctx, &tables, blob, &mut m)?;
    m.self_module_handle_idx = ModuleHandleIndex(c.u16_idx("self module handle index")?);
    // Like Aptos, bytes after the trailer are ignored (not an error).
    Ok((m, c.pos))
}

fn deserialize_script(
    binary: &[u8],
    config: &DeserializerConfig,
) -> PartialVMResult<(CompiledScript, usize)> {
    let mut c = Cursor::new(binary);
    let version = read_header(&mut c, config)?;
    let ctx = Ctx { version, config };
    let (tables, blob) = read_tables(&mut c, version, true)?;
    let mut common = Common::default();
    for t in &tables {
        let mut tc = Cursor::new(table_slice(blob, t)?);
        if !load_common(&ctx, t.kind, &mut tc, &mut common)? {
            return Err(malformed(format!(
                "table {:?} not allowed in a script",
                t.kind
            )));
        }
    }
    let n = c.len(TYPE_PARAMETER_COUNT_MAX, "type parameter count")?;
    let mut type_parameters = Vec::new();
    for _ in 0..n {
        type_parameters.push(load_ability_set(&mut c)?);
    }
    let parameters = SignatureIndex(c.u16_idx("signature index")?);
    let access_specifiers = if version >= VERSION_8 {
        load_access_specifiers(&mut c)?
    } else {
        None
    };
    let code = load_code_unit(&ctx, &mut c)?;
    // Like Aptos, bytes after the code unit are ignored (not an error).
    let used = c.pos;
    Ok((
        CompiledScript {
            version,
            module_handles: common.module_handles,
            struct_handles: common.struct_handles,
            function_handles: common.function_handles,
            function_instantiations: common.function_instantiations,
            signatures: common.signatures,
            identifiers: common.identifiers,
            address_identifiers: common.address_identifiers,
            constant_pool: common.constant_pool,
            metadata: common.metadata,
            code,
            type_parameters,
            parameters,
            access_specifiers,
        },
        used,
    ))
}
