//! VM status codes with the Aptos numeric values and names.
//!
//! Numbers are part of the protocol (REST `vm_error_code`, on-chain `MiscellaneousError`), so
//! they must never change. Ranges: 0–999 validation, 1000–1999 verification, 2000–2999
//! invariant violation, 3000–3999 deserialization, 4000–4999 execution. Aptos' `RESERVED_*`
//! placeholders are left out.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! status_codes {
    ($($name:ident = $value:expr,)*) => {
        /// A VM status code (Aptos `StatusCode`). [`Display`](fmt::Display) prints the name.
        #[repr(u64)]
        #[allow(non_camel_case_types, missing_docs)]
        #[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
        pub enum StatusCode {
            $($name = $value,)*
        }

        impl StatusCode {
            /// Every known code, ascending.
            pub const ALL: &'static [StatusCode] = &[$(StatusCode::$name,)*];

            /// The code for a number, if known.
            pub fn from_u64(v: u64) -> Option<Self> {
                match v {
                    $($value => Some(StatusCode::$name),)*
                    _ => None,
                }
            }

            /// The Aptos name, e.g. `"MISSING_DATA"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(StatusCode::$name => stringify!($name),)*
                }
            }
        }
    };
}

status_codes! {
    UNKNOWN_VALIDATION_STATUS = 0,
    INVALID_SIGNATURE = 1,
    INVALID_AUTH_KEY = 2,
    SEQUENCE_NUMBER_TOO_OLD = 3,
    SEQUENCE_NUMBER_TOO_NEW = 4,
    INSUFFICIENT_BALANCE_FOR_TRANSACTION_FEE = 5,
    TRANSACTION_EXPIRED = 6,
    SENDING_ACCOUNT_DOES_NOT_EXIST = 7,
    REJECTED_WRITE_SET = 8,
    INVALID_WRITE_SET = 9,
    EXCEEDED_MAX_TRANSACTION_SIZE = 10,
    UNKNOWN_SCRIPT = 11,
    UNKNOWN_MODULE = 12,
    MAX_GAS_UNITS_EXCEEDS_MAX_GAS_UNITS_BOUND = 13,
    MAX_GAS_UNITS_BELOW_MIN_TRANSACTION_GAS_UNITS = 14,
    GAS_UNIT_PRICE_BELOW_MIN_BOUND = 15,
    GAS_UNIT_PRICE_ABOVE_MAX_BOUND = 16,
    INVALID_GAS_SPECIFIER = 17,
    SENDING_ACCOUNT_FROZEN = 18,
    UNABLE_TO_DESERIALIZE_ACCOUNT = 19,
    CURRENCY_INFO_DOES_NOT_EXIST = 20,
    INVALID_MODULE_PUBLISHER = 21,
    NO_ACCOUNT_ROLE = 22,
    BAD_CHAIN_ID = 23,
    SEQUENCE_NUMBER_TOO_BIG = 24,
    BAD_TRANSACTION_FEE_CURRENCY = 25,
    FEATURE_UNDER_GATING = 26,
    SECONDARY_KEYS_ADDRESSES_COUNT_MISMATCH = 27,
    SIGNERS_CONTAIN_DUPLICATES = 28,
    SEQUENCE_NONCE_INVALID = 29,
    CHAIN_ACCOUNT_INFO_DOES_NOT_EXIST = 30,
    ACCOUNT_NOT_MULTISIG = 31,
    NOT_MULTISIG_OWNER = 32,
    MULTISIG_TRANSACTION_NOT_FOUND = 33,
    MULTISIG_TRANSACTION_INSUFFICIENT_APPROVALS = 34,
    MULTISIG_TRANSACTION_PAYLOAD_DOES_NOT_MATCH_HASH = 35,
    GAS_PAYER_ACCOUNT_MISSING = 36,
    INSUFFICIENT_BALANCE_FOR_REQUIRED_DEPOSIT = 37,
    GAS_PARAMS_MISSING = 38,
    REQUIRED_DEPOSIT_INCONSISTENT_WITH_TXN_MAX_GAS = 39,
    MULTISIG_TRANSACTION_PAYLOAD_DOES_NOT_MATCH = 40,
    ACCOUNT_AUTHENTICATION_GAS_LIMIT_EXCEEDED = 41,
    NONCE_ALREADY_USED = 42,
    EMPTY_PAYLOAD_PROVIDED = 43,
    TRANSACTION_EXPIRATION_TOO_FAR_IN_FUTURE = 44,
    INVALID_NUMBER_OF_AUTHENTICATION_PROOFS = 45,
    UNKNOWN_VERIFICATION_ERROR = 1000,
    INDEX_OUT_OF_BOUNDS = 1001,
    INVALID_SIGNATURE_TOKEN = 1003,
    RECURSIVE_STRUCT_DEFINITION = 1005,
    FIELD_MISSING_TYPE_ABILITY = 1006,
    INVALID_FALL_THROUGH = 1007,
    NEGATIVE_STACK_SIZE_WITHIN_BLOCK = 1009,
    INVALID_MAIN_FUNCTION_SIGNATURE = 1011,
    DUPLICATE_ELEMENT = 1012,
    INVALID_MODULE_HANDLE = 1013,
    UNIMPLEMENTED_HANDLE = 1014,
    LOOKUP_FAILED = 1017,
    TYPE_MISMATCH = 1020,
    MISSING_DEPENDENCY = 1021,
    POP_WITHOUT_DROP_ABILITY = 1023,
    BR_TYPE_MISMATCH_ERROR = 1025,
    ABORT_TYPE_MISMATCH_ERROR = 1026,
    STLOC_TYPE_MISMATCH_ERROR = 1027,
    STLOC_UNSAFE_TO_DESTROY_ERROR = 1028,
    UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED = 1029,
    RET_TYPE_MISMATCH_ERROR = 1030,
    RET_BORROWED_MUTABLE_REFERENCE_ERROR = 1031,
    FREEZEREF_TYPE_MISMATCH_ERROR = 1032,
    FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR = 1033,
    BORROWFIELD_TYPE_MISMATCH_ERROR = 1034,
    BORROWFIELD_BAD_FIELD_ERROR = 1035,
    BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR = 1036,
    COPYLOC_UNAVAILABLE_ERROR = 1037,
    COPYLOC_WITHOUT_COPY_ABILITY = 1038,
    COPYLOC_EXISTS_BORROW_ERROR = 1039,
    MOVELOC_UNAVAILABLE_ERROR = 1040,
    MOVELOC_EXISTS_BORROW_ERROR = 1041,
    BORROWLOC_REFERENCE_ERROR = 1042,
    BORROWLOC_UNAVAILABLE_ERROR = 1043,
    BORROWLOC_EXISTS_BORROW_ERROR = 1044,
    CALL_TYPE_MISMATCH_ERROR = 1045,
    CALL_BORROWED_MUTABLE_REFERENCE_ERROR = 1046,
    PACK_TYPE_MISMATCH_ERROR = 1047,
    UNPACK_TYPE_MISMATCH_ERROR = 1048,
    READREF_TYPE_MISMATCH_ERROR = 1049,
    READREF_WITHOUT_COPY_ABILITY = 1050,
    READREF_EXISTS_MUTABLE_BORROW_ERROR = 1051,
    WRITEREF_TYPE_MISMATCH_ERROR = 1052,
    WRITEREF_WITHOUT_DROP_ABILITY = 1053,
    WRITEREF_EXISTS_BORROW_ERROR = 1054,
    WRITEREF_NO_MUTABLE_REFERENCE_ERROR = 1055,
    INTEGER_OP_TYPE_MISMATCH_ERROR = 1056,
    BOOLEAN_OP_TYPE_MISMATCH_ERROR = 1057,
    EQUALITY_OP_TYPE_MISMATCH_ERROR = 1058,
    EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT = 1059,
    BORROWGLOBAL_TYPE_MISMATCH_ERROR = 1060,
    BORROWGLOBAL_WITHOUT_KEY_ABILITY = 1061,
    MOVEFROM_TYPE_MISMATCH_ERROR = 1062,
    MOVEFROM_WITHOUT_KEY_ABILITY = 1063,
    MOVETO_TYPE_MISMATCH_ERROR = 1064,
    MOVETO_WITHOUT_KEY_ABILITY = 1065,
    MODULE_ADDRESS_DOES_NOT_MATCH_SENDER = 1067,
    NO_MODULE_HANDLES = 1068,
    POSITIVE_STACK_SIZE_AT_BLOCK_END = 1069,
    MISSING_ACQUIRES_ANNOTATION = 1070,
    EXTRANEOUS_ACQUIRES_ANNOTATION = 1071,
    DUPLICATE_ACQUIRES_ANNOTATION = 1072,
    INVALID_ACQUIRES_ANNOTATION = 1073,
    GLOBAL_REFERENCE_ERROR = 1074,
    CONSTRAINT_NOT_SATISFIED = 1075,
    NUMBER_OF_TYPE_ARGUMENTS_MISMATCH = 1076,
    LOOP_IN_INSTANTIATION_GRAPH = 1077,
    ZERO_SIZED_STRUCT = 1080,
    LINKER_ERROR = 1081,
    INVALID_CONSTANT_TYPE = 1082,
    MALFORMED_CONSTANT_DATA = 1083,
    EMPTY_CODE_UNIT = 1084,
    INVALID_LOOP_SPLIT = 1085,
    INVALID_LOOP_BREAK = 1086,
    INVALID_LOOP_CONTINUE = 1087,
    UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP = 1088,
    TOO_MANY_LOCALS = 1089,
    GENERIC_MEMBER_OPCODE_MISMATCH = 1090,
    FUNCTION_RESOLUTION_FAILURE = 1091,
    INVALID_OPERATION_IN_SCRIPT = 1094,
    DUPLICATE_MODULE_NAME = 1095,
    BACKWARD_INCOMPATIBLE_MODULE_UPDATE = 1096,
    CYCLIC_MODULE_DEPENDENCY = 1097,
    NUMBER_OF_ARGUMENTS_MISMATCH = 1098,
    INVALID_PARAM_TYPE_FOR_DESERIALIZATION = 1099,
    FAILED_TO_DESERIALIZE_ARGUMENT = 1100,
    NUMBER_OF_SIGNER_ARGUMENTS_MISMATCH = 1101,
    CALLED_SCRIPT_VISIBLE_FROM_NON_SCRIPT_VISIBLE = 1102,
    EXECUTE_ENTRY_FUNCTION_CALLED_ON_NON_ENTRY_FUNCTION = 1103,
    INVALID_FRIEND_DECL_WITH_SELF = 1104,
    INVALID_FRIEND_DECL_WITH_MODULES_OUTSIDE_ACCOUNT_ADDRESS = 1105,
    INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES = 1106,
    CYCLIC_MODULE_FRIENDSHIP = 1107,
    INVALID_PHANTOM_TYPE_PARAM_POSITION = 1108,
    VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR = 1109,
    VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR = 1110,
    LOOP_MAX_DEPTH_REACHED = 1111,
    TOO_MANY_TYPE_PARAMETERS = 1112,
    TOO_MANY_PARAMETERS = 1113,
    TOO_MANY_BASIC_BLOCKS = 1114,
    VALUE_STACK_OVERFLOW = 1115,
    TOO_MANY_TYPE_NODES = 1116,
    VALUE_STACK_PUSH_OVERFLOW = 1117,
    MAX_DEPENDENCY_DEPTH_REACHED = 1118,
    MAX_FUNCTION_DEFINITIONS_REACHED = 1119,
    MAX_STRUCT_DEFINITIONS_REACHED = 1120,
    MAX_FIELD_DEFINITIONS_REACHED = 1121,
    TOO_MANY_BACK_EDGES = 1122,
    EVENT_METADATA_VALIDATION_ERROR = 1123,
    DEPENDENCY_LIMIT_REACHED = 1124,
    UNSTABLE_BYTECODE_REJECTED = 1125,
    PROGRAM_TOO_COMPLEX = 1126,
    USER_DEFINED_NATIVE_NOT_ALLOWED = 1127,
    MAX_STRUCT_VARIANTS_REACHED = 1128,
    TEST_VARIANT_TYPE_MISMATCH_ERROR = 1129,
    ZERO_VARIANTS_ERROR = 1130,
    FEATURE_NOT_ENABLED = 1131,
    INVALID_CLOSURE_MASK = 1132,
    CLOSURE_CALL_REQUIRES_FUNCTION = 1133,
    INVALID_INIT_MODULE = 1134,
    FRIEND_NOT_FOUND_IN_MODULE_BUNDLE = 1135,
    INVALID_STRUCT_API_CODE = 1136,
    IMMUTABLE_FUNCTION_CALLS_NON_IMMUTABLE = 1137,
    INVALID_CONST_API_CODE = 1138,
    UNKNOWN_INVARIANT_VIOLATION_ERROR = 2000,
    EMPTY_VALUE_STACK = 2003,
    PC_OVERFLOW = 2005,
    VERIFICATION_ERROR = 2006,
    STORAGE_ERROR = 2008,
    INTERNAL_TYPE_ERROR = 2009,
    EVENT_KEY_MISMATCH = 2010,
    UNREACHABLE = 2011,
    VM_STARTUP_FAILURE = 2012,
    UNEXPECTED_ERROR_FROM_KNOWN_MOVE_FUNCTION = 2015,
    VERIFIER_INVARIANT_VIOLATION = 2016,
    UNEXPECTED_VERIFIER_ERROR = 2017,
    UNEXPECTED_DESERIALIZATION_ERROR = 2018,
    FAILED_TO_SERIALIZE_WRITE_SET_CHANGES = 2019,
    FAILED_TO_DESERIALIZE_RESOURCE = 2020,
    TYPE_RESOLUTION_FAILURE = 2021,
    DUPLICATE_NATIVE_FUNCTION = 2022,
    DELAYED_FIELD_OR_BLOCKSTM_CODE_INVARIANT_ERROR = 2023,
    SPECULATIVE_EXECUTION_ABORT_ERROR = 2024,
    ACCESS_CONTROL_INVARIANT_VIOLATION = 2025,
    UNKNOWN_BINARY_ERROR = 3000,
    MALFORMED = 3001,
    BAD_MAGIC = 3002,
    UNKNOWN_VERSION = 3003,
    UNKNOWN_TABLE_TYPE = 3004,
    UNKNOWN_SIGNATURE_TYPE = 3005,
    UNKNOWN_SERIALIZED_TYPE = 3006,
    UNKNOWN_OPCODE = 3007,
    BAD_HEADER_TABLE = 3008,
    UNEXPECTED_SIGNATURE_TYPE = 3009,
    DUPLICATE_TABLE = 3010,
    UNKNOWN_ABILITY = 3013,
    UNKNOWN_NATIVE_STRUCT_FLAG = 3014,
    BAD_U16 = 3017,
    BAD_U32 = 3018,
    BAD_U64 = 3019,
    BAD_U128 = 3020,
    BAD_U256 = 3021,
    VALUE_SERIALIZATION_ERROR = 3022,
    VALUE_DESERIALIZATION_ERROR = 3023,
    CODE_DESERIALIZATION_ERROR = 3024,
    INVALID_FLAG_BITS = 3025,
    UNABLE_TO_CAPTURE_OPTION_TYPE = 3026,
    UNKNOWN_RUNTIME_STATUS = 4000,
    EXECUTED = 4001,
    OUT_OF_GAS = 4002,
    RESOURCE_DOES_NOT_EXIST = 4003,
    RESOURCE_ALREADY_EXISTS = 4004,
    MISSING_DATA = 4008,
    DATA_FORMAT_ERROR = 4009,
    ABORTED = 4016,
    ARITHMETIC_ERROR = 4017,
    VECTOR_OPERATION_ERROR = 4018,
    EXECUTION_STACK_OVERFLOW = 4020,
    CALL_STACK_OVERFLOW = 4021,
    VM_MAX_TYPE_DEPTH_REACHED = 4024,
    VM_MAX_VALUE_DEPTH_REACHED = 4025,
    VM_EXTENSION_ERROR = 4026,
    STORAGE_WRITE_LIMIT_REACHED = 4027,
    MEMORY_LIMIT_EXCEEDED = 4028,
    VM_MAX_TYPE_NODES_REACHED = 4029,
    EXECUTION_LIMIT_REACHED = 4030,
    IO_LIMIT_REACHED = 4031,
    STORAGE_LIMIT_REACHED = 4032,
    TYPE_TAG_LIMIT_EXCEEDED = 4033,
    ACCESS_DENIED = 4034,
    ACCESS_STACK_LIMIT_EXCEEDED = 4035,
    TOO_MANY_DELAYED_FIELDS = 4036,
    RUNTIME_DISPATCH_ERROR = 4037,
    STRUCT_VARIANT_MISMATCH = 4038,
    UNIMPLEMENTED_FUNCTIONALITY = 4039,
    RUNTIME_CYCLIC_MODULE_DEPENDENCY = 4040,
    UNABLE_TO_CAPTURE_DELAYED_FIELDS = 4041,
    INVALID_ABORT_MESSAGE = 4042,
    ABORT_MESSAGE_LIMIT_EXCEEDED = 4043,
    UNKNOWN_STATUS = 18446744073709551615,
}

/// Class of a status code, by numeric range.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum StatusType {
    /// 0–999: transaction validation (prologue); such transactions are discarded.
    Validation,
    /// 1000–1999: bytecode verification.
    Verification,
    /// 2000–2999: VM invariant violation.
    InvariantViolation,
    /// 3000–3999: binary deserialization.
    Deserialization,
    /// 4000–4999: execution.
    Execution,
    /// Anything else.
    Unknown,
}

impl StatusCode {
    /// The numeric value.
    pub fn as_u64(self) -> u64 {
        self as u64
    }

    /// The class of this code.
    pub fn status_type(self) -> StatusType {
        match self as u64 {
            0..=999 => StatusType::Validation,
            1000..=1999 => StatusType::Verification,
            2000..=2999 => StatusType::InvariantViolation,
            3000..=3999 => StatusType::Deserialization,
            4000..=4999 => StatusType::Execution,
            _ => StatusType::Unknown,
        }
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<StatusCode> for u64 {
    fn from(s: StatusCode) -> u64 {
        s as u64
    }
}

impl TryFrom<u64> for StatusCode {
    type Error = u64;
    fn try_from(v: u64) -> Result<Self, u64> {
        Self::from_u64(v).ok_or(v)
    }
}

impl Serialize for StatusCode {
    /// As Aptos: the number as a `u64`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(*self as u64)
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    /// As Aptos: unknown numbers become `UNKNOWN_STATUS`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(deserializer)?;
        Ok(Self::from_u64(v).unwrap_or(StatusCode::UNKNOWN_STATUS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_names() {
        assert_eq!(StatusCode::MISSING_DATA as u64, 4008);
        assert_eq!(StatusCode::LINKER_ERROR as u64, 1081);
        assert_eq!(StatusCode::MALFORMED.to_string(), "MALFORMED");
        assert_eq!(
            StatusCode::from_u64(3003),
            Some(StatusCode::UNKNOWN_VERSION)
        );
        assert_eq!(StatusCode::from_u64(1002), None);
        assert_eq!(StatusCode::ABORTED.status_type(), StatusType::Execution);
        let mut sorted = StatusCode::ALL.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), StatusCode::ALL.len());
        for c in StatusCode::ALL {
            assert_eq!(StatusCode::from_u64(*c as u64), Some(*c));
        }
    }

    #[test]
    fn serde_as_u64() {
        let b = bcs::to_bytes(&StatusCode::EXECUTED).unwrap();
        assert_eq!(b, 4001u64.to_le_bytes());
        assert_eq!(
            bcs::from_bytes::<StatusCode>(&b).unwrap(),
            StatusCode::EXECUTED
        );
        let b = bcs::to_bytes(&5555u64).unwrap();
        assert_eq!(
            bcs::from_bytes::<StatusCode>(&b).unwrap(),
            StatusCode::UNKNOWN_STATUS
        );
    }
}
