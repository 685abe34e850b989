//! Aptos module metadata: `aptos::metadata_v1` (error map, struct and function attributes) and
//! `compilation_metadata`, both BCS-encoded in the METADATA table.
//!
//! Attribute kinds (Aptos `KnownAttributeKind`): 0 legacy view, 1 view function, 2 resource
//! group (arg: scope), 3 resource group member (arg: group struct tag), 4 event, 5 randomness
//! (optional arg: max gas). Aptos honours v1 attributes only from bytecode v6; for v5 modules
//! [`attributes_apply`] is false and callers should ignore struct/function attributes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::file_format::{CompiledModule, Metadata};

/// Key of the current Aptos metadata entry.
pub const APTOS_METADATA_KEY_V1: &[u8] = b"aptos::metadata_v1";
/// Key of the legacy entry (error map only).
pub const APTOS_METADATA_KEY: &[u8] = b"aptos::metadata_v0";
/// Key of the compiler's metadata entry.
pub const COMPILATION_METADATA_KEY: &[u8] = b"compilation_metadata";
/// First bytecode version whose v1 attributes Aptos honours.
pub const METADATA_V1_MIN_FILE_FORMAT_VERSION: u32 = 6;

/// Legacy view attribute kind.
pub const LEGACY_VIEW_FUNCTION: u8 = 0;
/// `#[view]`.
pub const VIEW_FUNCTION: u8 = 1;
/// `#[resource_group(scope = ..)]`.
pub const RESOURCE_GROUP: u8 = 2;
/// `#[resource_group_member(group = ..)]`.
pub const RESOURCE_GROUP_MEMBER: u8 = 3;
/// `#[event]`.
pub const EVENT: u8 = 4;
/// `#[randomness]`.
pub const RANDOMNESS: u8 = 5;

/// Name and description of an abort code.
#[derive(Clone, Debug, Default, Eq, PartialEq, Serialize, Deserialize)]
pub struct ErrorDescription {
    /// Constant name, e.g. `ENO_MESSAGE`.
    pub code_name: String,
    /// Doc comment of the constant.
    pub code_description: String,
}

/// One attribute: kind + string arguments.
#[derive(Clone, Debug, Eq, PartialEq, Serialize, Deserialize)]
pub struct KnownAttribute {
    /// Kind (see module docs).
    pub kind: u8,
    /// Arguments.
    pub args: Vec<String>,
}

impl KnownAttribute {
    /// View function (current or legacy kind).
    pub fn is_view_function(&self) -> bool {
        self.kind == VIEW_FUNCTION || self.kind == LEGACY_VIEW_FUNCTION
    }
    /// Resource group container; the scope argument.
    pub fn get_resource_group(&self) -> Option<&str> {
        (self.kind == RESOURCE_GROUP)
            .then(|| self.args.first().map(String::as_str))
            .flatten()
    }
    /// Resource group member; the group struct tag argument.
    pub fn get_resource_group_member(&self) -> Option<&str> {
        (self.kind == RESOURCE_GROUP_MEMBER)
            .then(|| self.args.first().map(String::as_str))
            .flatten()
    }
    /// Event struct.
    pub fn is_event(&self) -> bool {
        self.kind == EVENT
    }
    /// Randomness function.
    pub fn is_randomness(&self) -> bool {
        self.kind == RANDOMNESS
    }
    /// Human-readable form, e.g. `view`, `resource_group(global)`.
    pub fn describe(&self) -> String {
        let name = match self.kind {
            LEGACY_VIEW_FUNCTION => "legacy_view",
            VIEW_FUNCTION => "view",
            RESOURCE_GROUP => "resource_group",
            RESOURCE_GROUP_MEMBER => "resource_group_member",
            EVENT => "event",
            RANDOMNESS => "randomness",
            _ => "unknown",
        };
        if self.args.is_empty() {
            if name == "unknown" {
                format!("unknown({})", self.kind)
            } else {
                name.to_string()
            }
        } else {
            format!("{name}({})", self.args.join(", "))
        }
    }
}

/// Value of `aptos::metadata_v0`.
#[derive(Clone, Debug, Default, Eq, PartialEq, Serialize, Deserialize)]
pub struct RuntimeModuleMetadata {
    /// Abort code → description.
    pub error_map: BTreeMap<u64, ErrorDescription>,
}

/// Value of `aptos::metadata_v1`.
#[derive(Clone, Debug, Default, Eq, PartialEq, Serialize, Deserialize)]
pub struct RuntimeModuleMetadataV1 {
    /// Abort code → description.
    pub error_map: BTreeMap<u64, ErrorDescription>,
    /// Struct name → attributes.
    pub struct_attributes: BTreeMap<String, Vec<KnownAttribute>>,
    /// Function name → attributes.
    pub fun_attributes: BTreeMap<String, Vec<KnownAttribute>>,
}

impl RuntimeModuleMetadataV1 {
    /// Whether `fun` is a view function.
    pub fn is_view(&self, fun: &str) -> bool {
        self.fun_attributes
            .get(fun)
            .is_some_and(|a| a.iter().any(KnownAttribute::is_view_function))
    }
    /// Whether struct `name` is an event.
    pub fn is_event(&self, name: &str) -> bool {
        self.struct_attributes
            .get(name)
            .is_some_and(|a| a.iter().any(KnownAttribute::is_event))
    }
}

/// Value of `compilation_metadata`.
#[derive(Clone, Debug, Default, Eq, PartialEq, Serialize, Deserialize)]
pub struct CompilationMetadata {
    /// Built with unstable language features.
    pub unstable: bool,
    /// Compiler version, e.g. `2.0`.
    pub compiler_version: String,
    /// Language version, e.g. `2.1`.
    pub language_version: String,
}

/// Error decoding a metadata value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot decode metadata {key}: {reason}")]
pub struct MetadataError {
    /// Key, lossily as text.
    pub key: String,
    /// BCS error.
    pub reason: String,
}

fn find<'a>(metadata: &'a [Metadata], key: &[u8]) -> Option<&'a Metadata> {
    metadata.iter().find(|m| m.key == key)
}

fn decode<T: for<'de> Deserialize<'de>>(m: &Metadata) -> Result<T, MetadataError> {
    bcs::from_bytes(&m.value).map_err(|e| MetadataError {
        key: String::from_utf8_lossy(&m.key).into_owned(),
        reason: e.to_string(),
    })
}

/// The Aptos runtime metadata: `aptos::metadata_v1` if present, else the legacy v0 error map
/// lifted to v1; `None` if neither key exists.
pub fn get_metadata_v1(
    metadata: &[Metadata],
) -> Option<Result<RuntimeModuleMetadataV1, MetadataError>> {
    if let Some(m) = find(metadata, APTOS_METADATA_KEY_V1) {
        return Some(decode(m));
    }
    find(metadata, APTOS_METADATA_KEY).map(|m| {
        decode::<RuntimeModuleMetadata>(m).map(|v0| RuntimeModuleMetadataV1 {
            error_map: v0.error_map,
            ..Default::default()
        })
    })
}

/// The `compilation_metadata` entry, if present.
pub fn get_compilation_metadata(
    metadata: &[Metadata],
) -> Option<Result<CompilationMetadata, MetadataError>> {
    find(metadata, COMPILATION_METADATA_KEY).map(decode)
}

/// Whether Aptos honours struct/function attributes for a module of this version (v6+).
pub fn attributes_apply(module: &CompiledModule) -> bool {
    module.version >= METADATA_V1_MIN_FILE_FORMAT_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_round_trip_and_queries() {
        let mut md = RuntimeModuleMetadataV1::default();
        md.error_map.insert(
            0,
            ErrorDescription {
                code_name: "ENO_MESSAGE".into(),
                code_description: "".into(),
            },
        );
        md.fun_attributes.insert(
            "get_message".into(),
            vec![KnownAttribute {
                kind: VIEW_FUNCTION,
                args: vec![],
            }],
        );
        md.struct_attributes.insert(
            "E".into(),
            vec![KnownAttribute {
                kind: EVENT,
                args: vec![],
            }],
        );
        let entry = Metadata {
            key: APTOS_METADATA_KEY_V1.to_vec(),
            value: bcs::to_bytes(&md).unwrap(),
        };
        let back = get_metadata_v1(&[entry]).unwrap().unwrap();
        assert_eq!(back, md);
        assert!(back.is_view("get_message"));
        assert!(!back.is_view("other"));
        assert!(back.is_event("E"));
    }

    #[test]
    fn compilation_metadata_from_real_script_bytes() {
        // Value bytes of `compilation_metadata` in the v7 fixture scripts (compiler 2.0, language 2.1).
        let entry = Metadata {
            key: COMPILATION_METADATA_KEY.to_vec(),
            value: vec![0x00, 0x03, b'2', b'.', b'0', 0x03, b'2', b'.', b'1'],
        };
        let cm = get_compilation_metadata(&[entry]).unwrap().unwrap();
        assert!(!cm.unstable);
        assert_eq!(cm.compiler_version, "2.0");
        assert_eq!(cm.language_version, "2.1");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let entry = Metadata {
            key: APTOS_METADATA_KEY_V1.to_vec(),
            value: vec![0xff, 0xff, 0xff],
        };
        assert!(get_metadata_v1(&[entry]).unwrap().is_err());
    }
}
