//! Module metadata as the Aptos toolchain writes it:
//!
//! - `compilation_metadata` first, in every module and script (Aptos compiler v2 does):
//!   not unstable, compiler `2.0`, language `2.1` (the values current Aptos CLIs write);
//! - `aptos::metadata_v1` (Aptos's extended checks, `extended_checks.rs`), only when not empty:
//!   struct attributes `resource_group(scope)`, `resource_group_member(0x..::m::G)` and
//!   `event`, in that order; fun attribute `view`; the error map — every constant whose name
//!   starts with `E` and whose value is an integer that fits `u64` (the first constant wins
//!   for a duplicate code), except in `0x1::error`. Descriptions are the constants' doc
//!   comments in Aptos; the program model has none yet, so they are empty.

use std::collections::BTreeMap;

use lumio_move_binary_format::metadata::{
    APTOS_METADATA_KEY_V1, COMPILATION_METADATA_KEY, CompilationMetadata, EVENT, ErrorDescription,
    KnownAttribute, METADATA_V1_MIN_FILE_FORMAT_VERSION, RESOURCE_GROUP, RESOURCE_GROUP_MEMBER,
    RuntimeModuleMetadataV1, VIEW_FUNCTION,
};
use lumio_move_core_types::account_address::AccountAddress;

use super::context::{Context, UnitBuilder};
use super::module::fun_is_compiled;
use crate::CompileOptions;
use crate::model::{Module, Program};
use crate::tast::ConstValue;

/// Adds `compilation_metadata`.
pub(crate) fn add_compilation_metadata(unit: &mut UnitBuilder) {
    let md = CompilationMetadata {
        unstable: false,
        compiler_version: "2.0".to_string(),
        language_version: "2.1".to_string(),
    };
    // Serializing strings and a bool cannot fail.
    if let Ok(bytes) = bcs::to_bytes(&md) {
        unit.metadata(COMPILATION_METADATA_KEY, &bytes);
    }
}

/// The `aptos::metadata_v1` value of a module (possibly empty).
pub(crate) fn runtime_metadata(
    program: &Program,
    m: &Module,
    options: &CompileOptions,
) -> RuntimeModuleMetadataV1 {
    let mut md = RuntimeModuleMetadataV1::default();
    for s in &m.structs {
        if s.test_only && !options.test_mode {
            continue;
        }
        let mut attrs = Vec::new();
        if let Some(scope) = &s.resource_group {
            attrs.push(KnownAttribute {
                kind: RESOURCE_GROUP,
                args: vec![scope.clone()],
            });
        }
        if let Some(group) = s.resource_group_member
            && let Some(gm) = program.modules.get(group.module.0 as usize)
            && let Some(g) = gm.structs.get(group.index as usize)
        {
            attrs.push(KnownAttribute {
                kind: RESOURCE_GROUP_MEMBER,
                args: vec![format!("{}::{}", gm.id, g.name)],
            });
        }
        if s.is_event {
            attrs.push(KnownAttribute {
                kind: EVENT,
                args: vec![],
            });
        }
        if !attrs.is_empty() {
            md.struct_attributes.insert(s.name.clone(), attrs);
        }
    }
    for f in &m.functions {
        if f.attrs.view && fun_is_compiled(f, options) {
            md.fun_attributes.insert(
                f.name.clone(),
                vec![KnownAttribute {
                    kind: VIEW_FUNCTION,
                    args: vec![],
                }],
            );
        }
    }
    let is_error_module = m.id.address == AccountAddress::ONE && m.id.name == "error";
    if !is_error_module {
        let mut map = BTreeMap::new();
        for c in &m.constants {
            if !c.name.starts_with('E') {
                continue;
            }
            let code = match &c.value {
                Some(ConstValue::U8(v)) => Some(u64::from(*v)),
                Some(ConstValue::U16(v)) => Some(u64::from(*v)),
                Some(ConstValue::U32(v)) => Some(u64::from(*v)),
                Some(ConstValue::U64(v)) => Some(*v),
                Some(ConstValue::U128(v)) => u64::try_from(*v).ok(),
                Some(ConstValue::U256(v)) => v.to_u128().and_then(|v| u64::try_from(v).ok()),
                _ => None,
            };
            if let Some(code) = code {
                map.entry(code).or_insert_with(|| ErrorDescription {
                    code_name: c.name.trim().to_string(),
                    code_description: c.doc.clone(),
                });
            }
        }
        md.error_map = map;
    }
    md
}

/// Adds `aptos::metadata_v1` when the module has any attribute or error code.
pub(crate) fn add_runtime_metadata(
    ctx: &mut Context<'_>,
    program: &Program,
    m: &Module,
    options: &CompileOptions,
) {
    let md = runtime_metadata(program, m, options);
    if md.error_map.is_empty() && md.struct_attributes.is_empty() && md.fun_attributes.is_empty() {
        return;
    }
    if ctx.version < METADATA_V1_MIN_FILE_FORMAT_VERSION {
        return;
    }
    if let Ok(bytes) = bcs::to_bytes(&md) {
        ctx.unit.metadata(APTOS_METADATA_KEY_V1, &bytes);
    }
}
