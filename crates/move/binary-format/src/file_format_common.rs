//! Constants of the binary format: magic, versions, limits, table kinds, type tags, opcodes.
//!
//! Numbers follow Aptos `file_format_common.rs` (see the project reference, sections A.1–A.10).

use crate::file_format::Bytecode;

/// Magic bytes at the start of every compiled unit.
pub const MOVE_MAGIC: [u8; 4] = [0xA1, 0x1C, 0xEB, 0x0B];
/// Size of the magic.
pub const MOVE_MAGIC_SIZE: usize = 4;

/// Aptos ORs this into the version word from v7 on.
pub const APTOS_BYTECODE_VERSION_MASK: u32 = 0x0A00_0000;

/// Version 1.
pub const VERSION_1: u32 = 1;
/// Version 2: friend visibility, separate visibility byte.
pub const VERSION_2: u32 = 2;
/// Version 3: phantom type parameters.
pub const VERSION_3: u32 = 3;
/// Version 4: vector opcodes.
pub const VERSION_4: u32 = 4;
/// Version 5: entry flag, metadata table.
pub const VERSION_5: u32 = 5;
/// Version 6: u16/u32/u256.
pub const VERSION_6: u32 = 6;
/// Version 7: enums, access specifiers.
pub const VERSION_7: u32 = 7;
/// Version 8: function values, function attributes.
pub const VERSION_8: u32 = 8;
/// Version 9: signed integers, `$` in identifiers.
pub const VERSION_9: u32 = 9;
/// Version 10: `AbortMsg`, struct-API attributes.
pub const VERSION_10: u32 = 10;
/// Smallest version the serializer writes.
pub const VERSION_MIN: u32 = VERSION_5;
/// Largest version understood.
pub const VERSION_MAX: u32 = VERSION_10;
/// Default version for new code (Aptos `VERSION_DEFAULT`).
pub const VERSION_DEFAULT: u32 = VERSION_8;

/// Most tables in a file.
pub const TABLE_COUNT_MAX: u64 = 255;
/// Largest table offset.
pub const TABLE_OFFSET_MAX: u64 = 0xFFFF_FFFF;
/// Largest table size.
pub const TABLE_SIZE_MAX: u64 = 0xFFFF_FFFF;
/// Largest total table content.
pub const TABLE_CONTENT_SIZE_MAX: u64 = 0xFFFF_FFFF;
/// Largest pool index.
pub const TABLE_INDEX_MAX: u64 = 65535;
/// Largest signature-pool index.
pub const SIGNATURE_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest address-pool index.
pub const ADDRESS_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest identifier-pool index.
pub const IDENTIFIER_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest module-handle index.
pub const MODULE_HANDLE_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest struct-handle index.
pub const STRUCT_HANDLE_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest struct-definition index.
pub const STRUCT_DEF_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest function-handle index.
pub const FUNCTION_HANDLE_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest function-instantiation index.
pub const FUNCTION_INST_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest field-handle index.
pub const FIELD_HANDLE_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest field-instantiation index.
pub const FIELD_INST_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest struct-def-instantiation index.
pub const STRUCT_DEF_INST_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Largest constant-pool index.
pub const CONSTANT_INDEX_MAX: u64 = TABLE_INDEX_MAX;
/// Most instructions in a code unit.
pub const BYTECODE_COUNT_MAX: u64 = 65535;
/// Largest branch target.
pub const BYTECODE_INDEX_MAX: u64 = 65535;
/// Largest local index.
pub const LOCAL_INDEX_MAX: u64 = 255;
/// Largest identifier length (with `LIMIT_MAX_IDENTIFIER_LENGTH`).
pub const IDENTIFIER_SIZE_MAX: u64 = 255;
/// Legacy largest identifier length.
pub const LEGACY_IDENTIFIER_SIZE_MAX: u64 = 65535;
/// Largest constant value size.
pub const CONSTANT_SIZE_MAX: u64 = 65535;
/// Largest metadata key.
pub const METADATA_KEY_SIZE_MAX: u64 = 1023;
/// Largest metadata value.
pub const METADATA_VALUE_SIZE_MAX: u64 = 65535;
/// Most tokens in a signature.
pub const SIGNATURE_SIZE_MAX: u64 = 255;
/// Most entries in an acquires list.
pub const ACQUIRES_COUNT_MAX: u64 = 255;
/// Most fields in a struct or variant.
pub const FIELD_COUNT_MAX: u64 = 255;
/// Largest field offset.
pub const FIELD_OFFSET_MAX: u64 = 255;
/// Most variants in an enum.
pub const VARIANT_COUNT_MAX: u64 = 127;
/// Largest variant index.
pub const VARIANT_OFFSET_MAX: u64 = 127;
/// Most type parameters.
pub const TYPE_PARAMETER_COUNT_MAX: u64 = 255;
/// Largest type-parameter index.
pub const TYPE_PARAMETER_INDEX_MAX: u64 = 65536;
/// Most access specifiers on one function.
pub const ACCESS_SPECIFIER_COUNT_MAX: u64 = 64;
/// Deepest signature token nesting.
pub const SIGNATURE_TOKEN_DEPTH_MAX: usize = 256;
/// Most function attributes.
pub const ATTRIBUTE_COUNT_MAX: u64 = 16;

/// Table kinds.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
#[repr(u8)]
#[allow(non_camel_case_types, missing_docs)]
pub enum TableType {
    MODULE_HANDLES = 0x1,
    STRUCT_HANDLES = 0x2,
    FUNCTION_HANDLES = 0x3,
    FUNCTION_INST = 0x4,
    SIGNATURES = 0x5,
    CONSTANT_POOL = 0x6,
    IDENTIFIERS = 0x7,
    ADDRESS_IDENTIFIERS = 0x8,
    STRUCT_DEFS = 0xA,
    STRUCT_DEF_INST = 0xB,
    FUNCTION_DEFS = 0xC,
    FIELD_HANDLE = 0xD,
    FIELD_INST = 0xE,
    FRIEND_DECLS = 0xF,
    METADATA = 0x10,
    VARIANT_FIELD_HANDLES = 0x11,
    VARIANT_FIELD_INST = 0x12,
    STRUCT_VARIANT_HANDLES = 0x13,
    STRUCT_VARIANT_INST = 0x14,
}

impl TableType {
    /// Decodes a table kind byte.
    pub fn from_u8(b: u8) -> Option<Self> {
        use TableType::*;
        Some(match b {
            0x1 => MODULE_HANDLES,
            0x2 => STRUCT_HANDLES,
            0x3 => FUNCTION_HANDLES,
            0x4 => FUNCTION_INST,
            0x5 => SIGNATURES,
            0x6 => CONSTANT_POOL,
            0x7 => IDENTIFIERS,
            0x8 => ADDRESS_IDENTIFIERS,
            0xA => STRUCT_DEFS,
            0xB => STRUCT_DEF_INST,
            0xC => FUNCTION_DEFS,
            0xD => FIELD_HANDLE,
            0xE => FIELD_INST,
            0xF => FRIEND_DECLS,
            0x10 => METADATA,
            0x11 => VARIANT_FIELD_HANDLES,
            0x12 => VARIANT_FIELD_INST,
            0x13 => STRUCT_VARIANT_HANDLES,
            0x14 => STRUCT_VARIANT_INST,
            _ => return None,
        })
    }
}

/// Signature token tags.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
#[repr(u8)]
#[allow(non_camel_case_types, missing_docs)]
pub enum SerializedType {
    BOOL = 0x1,
    U8 = 0x2,
    U64 = 0x3,
    U128 = 0x4,
    ADDRESS = 0x5,
    REFERENCE = 0x6,
    MUTABLE_REFERENCE = 0x7,
    STRUCT = 0x8,
    TYPE_PARAMETER = 0x9,
    VECTOR = 0xA,
    STRUCT_INST = 0xB,
    SIGNER = 0xC,
    U16 = 0xD,
    U32 = 0xE,
    U256 = 0xF,
    FUNCTION = 0x10,
    I8 = 0x11,
    I16 = 0x12,
    I32 = 0x13,
    I64 = 0x14,
    I128 = 0x15,
    I256 = 0x16,
}

/// Struct definition flag: native.
pub const STRUCT_NATIVE: u8 = 0x1;
/// Struct definition flag: declared fields.
pub const STRUCT_DECLARED: u8 = 0x2;
/// Struct definition flag: declared variants (v7).
pub const STRUCT_DECLARED_VARIANTS: u8 = 0x3;

/// Binary-format encoding of `false` / `None`.
pub const SERIALIZED_FALSE: u8 = 0x1;
/// Binary-format encoding of `true` / `Some`.
pub const SERIALIZED_TRUE: u8 = 0x2;

/// Opcode bytes (104 opcodes, 0x01..=0x68, no gaps).
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
#[repr(u8)]
#[allow(non_camel_case_types, missing_docs)]
pub enum Opcodes {
    POP = 0x01,
    RET = 0x02,
    BR_TRUE = 0x03,
    BR_FALSE = 0x04,
    BRANCH = 0x05,
    LD_U64 = 0x06,
    LD_CONST = 0x07,
    LD_TRUE = 0x08,
    LD_FALSE = 0x09,
    COPY_LOC = 0x0A,
    MOVE_LOC = 0x0B,
    ST_LOC = 0x0C,
    MUT_BORROW_LOC = 0x0D,
    IMM_BORROW_LOC = 0x0E,
    MUT_BORROW_FIELD = 0x0F,
    IMM_BORROW_FIELD = 0x10,
    CALL = 0x11,
    PACK = 0x12,
    UNPACK = 0x13,
    READ_REF = 0x14,
    WRITE_REF = 0x15,
    ADD = 0x16,
    SUB = 0x17,
    MUL = 0x18,
    MOD = 0x19,
    DIV = 0x1A,
    BIT_OR = 0x1B,
    BIT_AND = 0x1C,
    XOR = 0x1D,
    OR = 0x1E,
    AND = 0x1F,
    NOT = 0x20,
    EQ = 0x21,
    NEQ = 0x22,
    LT = 0x23,
    GT = 0x24,
    LE = 0x25,
    GE = 0x26,
    ABORT = 0x27,
    NOP = 0x28,
    EXISTS = 0x29,
    MUT_BORROW_GLOBAL = 0x2A,
    IMM_BORROW_GLOBAL = 0x2B,
    MOVE_FROM = 0x2C,
    MOVE_TO = 0x2D,
    FREEZE_REF = 0x2E,
    SHL = 0x2F,
    SHR = 0x30,
    LD_U8 = 0x31,
    LD_U128 = 0x32,
    CAST_U8 = 0x33,
    CAST_U64 = 0x34,
    CAST_U128 = 0x35,
    MUT_BORROW_FIELD_GENERIC = 0x36,
    IMM_BORROW_FIELD_GENERIC = 0x37,
    CALL_GENERIC = 0x38,
    PACK_GENERIC = 0x39,
    UNPACK_GENERIC = 0x3A,
    EXISTS_GENERIC = 0x3B,
    MUT_BORROW_GLOBAL_GENERIC = 0x3C,
    IMM_BORROW_GLOBAL_GENERIC = 0x3D,
    MOVE_FROM_GENERIC = 0x3E,
    MOVE_TO_GENERIC = 0x3F,
    VEC_PACK = 0x40,
    VEC_LEN = 0x41,
    VEC_IMM_BORROW = 0x42,
    VEC_MUT_BORROW = 0x43,
    VEC_PUSH_BACK = 0x44,
    VEC_POP_BACK = 0x45,
    VEC_UNPACK = 0x46,
    VEC_SWAP = 0x47,
    LD_U16 = 0x48,
    LD_U32 = 0x49,
    LD_U256 = 0x4A,
    CAST_U16 = 0x4B,
    CAST_U32 = 0x4C,
    CAST_U256 = 0x4D,
    IMM_BORROW_VARIANT_FIELD = 0x4E,
    MUT_BORROW_VARIANT_FIELD = 0x4F,
    IMM_BORROW_VARIANT_FIELD_GENERIC = 0x50,
    MUT_BORROW_VARIANT_FIELD_GENERIC = 0x51,
    PACK_VARIANT = 0x52,
    PACK_VARIANT_GENERIC = 0x53,
    UNPACK_VARIANT = 0x54,
    UNPACK_VARIANT_GENERIC = 0x55,
    TEST_VARIANT = 0x56,
    TEST_VARIANT_GENERIC = 0x57,
    PACK_CLOSURE = 0x58,
    PACK_CLOSURE_GENERIC = 0x59,
    CALL_CLOSURE = 0x5A,
    LD_I8 = 0x5B,
    LD_I16 = 0x5C,
    LD_I32 = 0x5D,
    LD_I64 = 0x5E,
    LD_I128 = 0x5F,
    LD_I256 = 0x60,
    CAST_I8 = 0x61,
    CAST_I16 = 0x62,
    CAST_I32 = 0x63,
    CAST_I64 = 0x64,
    CAST_I128 = 0x65,
    CAST_I256 = 0x66,
    NEGATE = 0x67,
    ABORT_MSG = 0x68,
}

impl Opcodes {
    /// Decodes an opcode byte.
    pub fn from_u8(b: u8) -> Option<Self> {
        Some(match b {
            0x01 => Opcodes::POP,
            0x02 => Opcodes::RET,
            0x03 => Opcodes::BR_TRUE,
            0x04 => Opcodes::BR_FALSE,
            0x05 => Opcodes::BRANCH,
            0x06 => Opcodes::LD_U64,
            0x07 => Opcodes::LD_CONST,
            0x08 => Opcodes::LD_TRUE,
            0x09 => Opcodes::LD_FALSE,
            0x0A => Opcodes::COPY_LOC,
            0x0B => Opcodes::MOVE_LOC,
            0x0C => Opcodes::ST_LOC,
            0x0D => Opcodes::MUT_BORROW_LOC,
            0x0E => Opcodes::IMM_BORROW_LOC,
            0x0F => Opcodes::MUT_BORROW_FIELD,
            0x10 => Opcodes::IMM_BORROW_FIELD,
            0x11 => Opcodes::CALL,
            0x12 => Opcodes::PACK,
            0x13 => Opcodes::UNPACK,
            0x14 => Opcodes::READ_REF,
            0x15 => Opcodes::WRITE_REF,
            0x16 => Opcodes::ADD,
            0x17 => Opcodes::SUB,
            0x18 => Opcodes::MUL,
            0x19 => Opcodes::MOD,
            0x1A => Opcodes::DIV,
            0x1B => Opcodes::BIT_OR,
            0x1C => Opcodes::BIT_AND,
            0x1D => Opcodes::XOR,
            0x1E => Opcodes::OR,
            0x1F => Opcodes::AND,
            0x20 => Opcodes::NOT,
            0x21 => Opcodes::EQ,
            0x22 => Opcodes::NEQ,
            0x23 => Opcodes::LT,
            0x24 => Opcodes::GT,
            0x25 => Opcodes::LE,
            0x26 => Opcodes::GE,
            0x27 => Opcodes::ABORT,
            0x28 => Opcodes::NOP,
            0x29 => Opcodes::EXISTS,
            0x2A => Opcodes::MUT_BORROW_GLOBAL,
            0x2B => Opcodes::IMM_BORROW_GLOBAL,
            0x2C => Opcodes::MOVE_FROM,
            0x2D => Opcodes::MOVE_TO,
            0x2E => Opcodes::FREEZE_REF,
            0x2F => Opcodes::SHL,
            0x30 => Opcodes::SHR,
            0x31 => Opcodes::LD_U8,
            0x32 => Opcodes::LD_U128,
            0x33 => Opcodes::CAST_U8,
            0x34 => Opcodes::CAST_U64,
            0x35 => Opcodes::CAST_U128,
            0x36 => Opcodes::MUT_BORROW_FIELD_GENERIC,
            0x37 => Opcodes::IMM_BORROW_FIELD_GENERIC,
            0x38 => Opcodes::CALL_GENERIC,
            0x39 => Opcodes::PACK_GENERIC,
            0x3A => Opcodes::UNPACK_GENERIC,
            0x3B => Opcodes::EXISTS_GENERIC,
            0x3C => Opcodes::MUT_BORROW_GLOBAL_GENERIC,
            0x3D => Opcodes::IMM_BORROW_GLOBAL_GENERIC,
            0x3E => Opcodes::MOVE_FROM_GENERIC,
            0x3F => Opcodes::MOVE_TO_GENERIC,
            0x40 => Opcodes::VEC_PACK,
            0x41 => Opcodes::VEC_LEN,
            0x42 => Opcodes::VEC_IMM_BORROW,
            0x43 => Opcodes::VEC_MUT_BORROW,
            0x44 => Opcodes::VEC_PUSH_BACK,
            0x45 => Opcodes::VEC_POP_BACK,
            0x46 => Opcodes::VEC_UNPACK,
            0x47 => Opcodes::VEC_SWAP,
            0x48 => Opcodes::LD_U16,
            0x49 => Opcodes::LD_U32,
            0x4A => Opcodes::LD_U256,
            0x4B => Opcodes::CAST_U16,
            0x4C => Opcodes::CAST_U32,
            0x4D => Opcodes::CAST_U256,
            0x4E => Opcodes::IMM_BORROW_VARIANT_FIELD,
            0x4F => Opcodes::MUT_BORROW_VARIANT_FIELD,
            0x50 => Opcodes::IMM_BORROW_VARIANT_FIELD_GENERIC,
            0x51 => Opcodes::MUT_BORROW_VARIANT_FIELD_GENERIC,
            0x52 => Opcodes::PACK_VARIANT,
            0x53 => Opcodes::PACK_VARIANT_GENERIC,
            0x54 => Opcodes::UNPACK_VARIANT,
            0x55 => Opcodes::UNPACK_VARIANT_GENERIC,
            0x56 => Opcodes::TEST_VARIANT,
            0x57 => Opcodes::TEST_VARIANT_GENERIC,
            0x58 => Opcodes::PACK_CLOSURE,
            0x59 => Opcodes::PACK_CLOSURE_GENERIC,
            0x5A => Opcodes::CALL_CLOSURE,
            0x5B => Opcodes::LD_I8,
            0x5C => Opcodes::LD_I16,
            0x5D => Opcodes::LD_I32,
            0x5E => Opcodes::LD_I64,
            0x5F => Opcodes::LD_I128,
            0x60 => Opcodes::LD_I256,
            0x61 => Opcodes::CAST_I8,
            0x62 => Opcodes::CAST_I16,
            0x63 => Opcodes::CAST_I32,
            0x64 => Opcodes::CAST_I64,
            0x65 => Opcodes::CAST_I128,
            0x66 => Opcodes::CAST_I256,
            0x67 => Opcodes::NEGATE,
            0x68 => Opcodes::ABORT_MSG,
            _ => return None,
        })
    }

    /// First bytecode version that has this opcode.
    pub fn min_version(self) -> u32 {
        match self {
            Opcodes::POP => 1,
            Opcodes::RET => 1,
            Opcodes::BR_TRUE => 1,
            Opcodes::BR_FALSE => 1,
            Opcodes::BRANCH => 1,
            Opcodes::LD_U64 => 1,
            Opcodes::LD_CONST => 1,
            Opcodes::LD_TRUE => 1,
            Opcodes::LD_FALSE => 1,
            Opcodes::COPY_LOC => 1,
            Opcodes::MOVE_LOC => 1,
            Opcodes::ST_LOC => 1,
            Opcodes::MUT_BORROW_LOC => 1,
            Opcodes::IMM_BORROW_LOC => 1,
            Opcodes::MUT_BORROW_FIELD => 1,
            Opcodes::IMM_BORROW_FIELD => 1,
            Opcodes::CALL => 1,
            Opcodes::PACK => 1,
            Opcodes::UNPACK => 1,
            Opcodes::READ_REF => 1,
            Opcodes::WRITE_REF => 1,
            Opcodes::ADD => 1,
            Opcodes::SUB => 1,
            Opcodes::MUL => 1,
            Opcodes::MOD => 1,
            Opcodes::DIV => 1,
            Opcodes::BIT_OR => 1,
            Opcodes::BIT_AND => 1,
            Opcodes::XOR => 1,
            Opcodes::OR => 1,
            Opcodes::AND => 1,
            Opcodes::NOT => 1,
            Opcodes::EQ => 1,
            Opcodes::NEQ => 1,
            Opcodes::LT => 1,
            Opcodes::GT => 1,
            Opcodes::LE => 1,
            Opcodes::GE => 1,
            Opcodes::ABORT => 1,
            Opcodes::NOP => 1,
            Opcodes::EXISTS => 1,
            Opcodes::MUT_BORROW_GLOBAL => 1,
            Opcodes::IMM_BORROW_GLOBAL => 1,
            Opcodes::MOVE_FROM => 1,
            Opcodes::MOVE_TO => 1,
            Opcodes::FREEZE_REF => 1,
            Opcodes::SHL => 1,
            Opcodes::SHR => 1,
            Opcodes::LD_U8 => 1,
            Opcodes::LD_U128 => 1,
            Opcodes::CAST_U8 => 1,
            Opcodes::CAST_U64 => 1,
            Opcodes::CAST_U128 => 1,
            Opcodes::MUT_BORROW_FIELD_GENERIC => 1,
            Opcodes::IMM_BORROW_FIELD_GENERIC => 1,
            Opcodes::CALL_GENERIC => 1,
            Opcodes::PACK_GENERIC => 1,
            Opcodes::UNPACK_GENERIC => 1,
            Opcodes::EXISTS_GENERIC => 1,
            Opcodes::MUT_BORROW_GLOBAL_GENERIC => 1,
            Opcodes::IMM_BORROW_GLOBAL_GENERIC => 1,
            Opcodes::MOVE_FROM_GENERIC => 1,
            Opcodes::MOVE_TO_GENERIC => 1,
            Opcodes::VEC_PACK => 4,
            Opcodes::VEC_LEN => 4,
            Opcodes::VEC_IMM_BORROW => 4,
            Opcodes::VEC_MUT_BORROW => 4,
            Opcodes::VEC_PUSH_BACK => 4,
            Opcodes::VEC_POP_BACK => 4,
            Opcodes::VEC_UNPACK => 4,
            Opcodes::VEC_SWAP => 4,
            Opcodes::LD_U16 => 6,
            Opcodes::LD_U32 => 6,
            Opcodes::LD_U256 => 6,
            Opcodes::CAST_U16 => 6,
            Opcodes::CAST_U32 => 6,
            Opcodes::CAST_U256 => 6,
            Opcodes::IMM_BORROW_VARIANT_FIELD => 7,
            Opcodes::MUT_BORROW_VARIANT_FIELD => 7,
            Opcodes::IMM_BORROW_VARIANT_FIELD_GENERIC => 7,
            Opcodes::MUT_BORROW_VARIANT_FIELD_GENERIC => 7,
            Opcodes::PACK_VARIANT => 7,
            Opcodes::PACK_VARIANT_GENERIC => 7,
            Opcodes::UNPACK_VARIANT => 7,
            Opcodes::UNPACK_VARIANT_GENERIC => 7,
            Opcodes::TEST_VARIANT => 7,
            Opcodes::TEST_VARIANT_GENERIC => 7,
            Opcodes::PACK_CLOSURE => 8,
            Opcodes::PACK_CLOSURE_GENERIC => 8,
            Opcodes::CALL_CLOSURE => 8,
            Opcodes::LD_I8 => 9,
            Opcodes::LD_I16 => 9,
            Opcodes::LD_I32 => 9,
            Opcodes::LD_I64 => 9,
            Opcodes::LD_I128 => 9,
            Opcodes::LD_I256 => 9,
            Opcodes::CAST_I8 => 9,
            Opcodes::CAST_I16 => 9,
            Opcodes::CAST_I32 => 9,
            Opcodes::CAST_I64 => 9,
            Opcodes::CAST_I128 => 9,
            Opcodes::CAST_I256 => 9,
            Opcodes::NEGATE => 9,
            Opcodes::ABORT_MSG => 10,
        }
    }
}

/// The opcode of an instruction.
pub fn instruction_opcode(instruction: &Bytecode) -> Opcodes {
    match instruction {
        Bytecode::Pop => Opcodes::POP,
        Bytecode::Ret => Opcodes::RET,
        Bytecode::BrTrue(..) => Opcodes::BR_TRUE,
        Bytecode::BrFalse(..) => Opcodes::BR_FALSE,
        Bytecode::Branch(..) => Opcodes::BRANCH,
        Bytecode::LdU64(..) => Opcodes::LD_U64,
        Bytecode::LdConst(..) => Opcodes::LD_CONST,
        Bytecode::LdTrue => Opcodes::LD_TRUE,
        Bytecode::LdFalse => Opcodes::LD_FALSE,
        Bytecode::CopyLoc(..) => Opcodes::COPY_LOC,
        Bytecode::MoveLoc(..) => Opcodes::MOVE_LOC,
        Bytecode::StLoc(..) => Opcodes::ST_LOC,
        Bytecode::MutBorrowLoc(..) => Opcodes::MUT_BORROW_LOC,
        Bytecode::ImmBorrowLoc(..) => Opcodes::IMM_BORROW_LOC,
        Bytecode::MutBorrowField(..) => Opcodes::MUT_BORROW_FIELD,
        Bytecode::ImmBorrowField(..) => Opcodes::IMM_BORROW_FIELD,
        Bytecode::Call(..) => Opcodes::CALL,
        Bytecode::Pack(..) => Opcodes::PACK,
        Bytecode::Unpack(..) => Opcodes::UNPACK,
        Bytecode::ReadRef => Opcodes::READ_REF,
        Bytecode::WriteRef => Opcodes::WRITE_REF,
        Bytecode::Add => Opcodes::ADD,
        Bytecode::Sub => Opcodes::SUB,
        Bytecode::Mul => Opcodes::MUL,
        Bytecode::Mod => Opcodes::MOD,
        Bytecode::Div => Opcodes::DIV,
        Bytecode::BitOr => Opcodes::BIT_OR,
        Bytecode::BitAnd => Opcodes::BIT_AND,
        Bytecode::Xor => Opcodes::XOR,
        Bytecode::Or => Opcodes::OR,
        Bytecode::And => Opcodes::AND,
        Bytecode::Not => Opcodes::NOT,
        Bytecode::Eq => Opcodes::EQ,
        Bytecode::Neq => Opcodes::NEQ,
        Bytecode::Lt => Opcodes::LT,
        Bytecode::Gt => Opcodes::GT,
        Bytecode::Le => Opcodes::LE,
        Bytecode::Ge => Opcodes::GE,
        Bytecode::Abort => Opcodes::ABORT,
        Bytecode::Nop => Opcodes::NOP,
        Bytecode::Exists(..) => Opcodes::EXISTS,
        Bytecode::MutBorrowGlobal(..) => Opcodes::MUT_BORROW_GLOBAL,
        Bytecode::ImmBorrowGlobal(..) => Opcodes::IMM_BORROW_GLOBAL,
        Bytecode::MoveFrom(..) => Opcodes::MOVE_FROM,
        Bytecode::MoveTo(..) => Opcodes::MOVE_TO,
        Bytecode::FreezeRef => Opcodes::FREEZE_REF,
        Bytecode::Shl => Opcodes::SHL,
        Bytecode::Shr => Opcodes::SHR,
        Bytecode::LdU8(..) => Opcodes::LD_U8,
        Bytecode::LdU128(..) => Opcodes::LD_U128,
        Bytecode::CastU8 => Opcodes::CAST_U8,
        Bytecode::CastU64 => Opcodes::CAST_U64,
        Bytecode::CastU128 => Opcodes::CAST_U128,
        Bytecode::MutBorrowFieldGeneric(..) => Opcodes::MUT_BORROW_FIELD_GENERIC,
        Bytecode::ImmBorrowFieldGeneric(..) => Opcodes::IMM_BORROW_FIELD_GENERIC,
        Bytecode::CallGeneric(..) => Opcodes::CALL_GENERIC,
        Bytecode::PackGeneric(..) => Opcodes::PACK_GENERIC,
        Bytecode::UnpackGeneric(..) => Opcodes::UNPACK_GENERIC,
        Bytecode::ExistsGeneric(..) => Opcodes::EXISTS_GENERIC,
        Bytecode::MutBorrowGlobalGeneric(..) => Opcodes::MUT_BORROW_GLOBAL_GENERIC,
        Bytecode::ImmBorrowGlobalGeneric(..) => Opcodes::IMM_BORROW_GLOBAL_GENERIC,
        Bytecode::MoveFromGeneric(..) => Opcodes::MOVE_FROM_GENERIC,
        Bytecode::MoveToGeneric(..) => Opcodes::MOVE_TO_GENERIC,
        Bytecode::VecPack(..) => Opcodes::VEC_PACK,
        Bytecode::VecLen(..) => Opcodes::VEC_LEN,
        Bytecode::VecImmBorrow(..) => Opcodes::VEC_IMM_BORROW,
        Bytecode::VecMutBorrow(..) => Opcodes::VEC_MUT_BORROW,
        Bytecode::VecPushBack(..) => Opcodes::VEC_PUSH_BACK,
        Bytecode::VecPopBack(..) => Opcodes::VEC_POP_BACK,
        Bytecode::VecUnpack(..) => Opcodes::VEC_UNPACK,
        Bytecode::VecSwap(..) => Opcodes::VEC_SWAP,
        Bytecode::LdU16(..) => Opcodes::LD_U16,
        Bytecode::LdU32(..) => Opcodes::LD_U32,
        Bytecode::LdU256(..) => Opcodes::LD_U256,
        Bytecode::CastU16 => Opcodes::CAST_U16,
        Bytecode::CastU32 => Opcodes::CAST_U32,
        Bytecode::CastU256 => Opcodes::CAST_U256,
        Bytecode::ImmBorrowVariantField(..) => Opcodes::IMM_BORROW_VARIANT_FIELD,
        Bytecode::MutBorrowVariantField(..) => Opcodes::MUT_BORROW_VARIANT_FIELD,
        Bytecode::ImmBorrowVariantFieldGeneric(..) => Opcodes::IMM_BORROW_VARIANT_FIELD_GENERIC,
        Bytecode::MutBorrowVariantFieldGeneric(..) => Opcodes::MUT_BORROW_VARIANT_FIELD_GENERIC,
        Bytecode::PackVariant(..) => Opcodes::PACK_VARIANT,
        Bytecode::PackVariantGeneric(..) => Opcodes::PACK_VARIANT_GENERIC,
        Bytecode::UnpackVariant(..) => Opcodes::UNPACK_VARIANT,
        Bytecode::UnpackVariantGeneric(..) => Opcodes::UNPACK_VARIANT_GENERIC,
        Bytecode::TestVariant(..) => Opcodes::TEST_VARIANT,
        Bytecode::TestVariantGeneric(..) => Opcodes::TEST_VARIANT_GENERIC,
        Bytecode::PackClosure(..) => Opcodes::PACK_CLOSURE,
        Bytecode::PackClosureGeneric(..) => Opcodes::PACK_CLOSURE_GENERIC,
        Bytecode::CallClosure(..) => Opcodes::CALL_CLOSURE,
        Bytecode::LdI8(..) => Opcodes::LD_I8,
        Bytecode::LdI16(..) => Opcodes::LD_I16,
        Bytecode::LdI32(..) => Opcodes::LD_I32,
        Bytecode::LdI64(..) => Opcodes::LD_I64,
        Bytecode::LdI128(..) => Opcodes::LD_I128,
        Bytecode::LdI256(..) => Opcodes::LD_I256,
        Bytecode::CastI8 => Opcodes::CAST_I8,
        Bytecode::CastI16 => Opcodes::CAST_I16,
        Bytecode::CastI32 => Opcodes::CAST_I32,
        Bytecode::CastI64 => Opcodes::CAST_I64,
        Bytecode::CastI128 => Opcodes::CAST_I128,
        Bytecode::CastI256 => Opcodes::CAST_I256,
        Bytecode::Negate => Opcodes::NEGATE,
        Bytecode::AbortMsg => Opcodes::ABORT_MSG,
    }
}

/// Encodes `value` as ULEB128 into `out`.
pub fn write_u64_as_uleb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Decodes one ULEB128 `u64` from the front of `bytes`, returning the value and bytes used.
/// Rejects overlong encodings (a final group of 0 after the first) and overflow.
pub fn read_uleb128_as_u64(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    let mut shift = 0u32;
    for (i, &byte) in bytes.iter().enumerate() {
        let digit = u64::from(byte & 0x7f);
        if shift == 63 && digit > 1 {
            return None;
        }
        value |= digit << shift;
        if byte & 0x80 == 0 {
            if shift > 0 && digit == 0 {
                return None;
            }
            return Some((value, i + 1));
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opcodes_dense() {
        for b in 1..=0x68u8 {
            let op = Opcodes::from_u8(b).unwrap();
            assert_eq!(op as u8, b);
        }
        assert!(Opcodes::from_u8(0).is_none());
        assert!(Opcodes::from_u8(0x69).is_none());
        assert_eq!(Opcodes::LD_U256 as u8, 0x4A);
        assert_eq!(Opcodes::NEGATE as u8, 0x67);
        assert_eq!(Opcodes::ABORT_MSG.min_version(), 10);
        assert_eq!(Opcodes::VEC_PACK.min_version(), 4);
    }

    #[test]
    fn uleb() {
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut b = vec![];
            write_u64_as_uleb128(&mut b, v);
            assert_eq!(read_uleb128_as_u64(&b), Some((v, b.len())));
        }
        assert_eq!(read_uleb128_as_u64(&[0x80, 0x00]), None); // overlong
        assert_eq!(read_uleb128_as_u64(&[0x80]), None); // truncated
        let mut over = vec![0xff; 9];
        over.push(0x02); // 2^64
        assert_eq!(read_uleb128_as_u64(&over), None);
        assert_eq!(read_uleb128_as_u64(&[0xff; 11]), None);
    }
}
