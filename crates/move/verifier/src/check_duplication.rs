//! Duplication: no table holds the same entry twice, field and variant names are unique,
//! definitions are only for handles of this module and every such handle has one definition.
//! Also rejects empty structs and enums without variants.

use std::collections::{BTreeSet, HashSet};
use std::hash::Hash;

use lumio_move_binary_format::file_format::{CompiledModule, StructFieldInformation};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

/// Index of the first element equal to an earlier one.
pub(crate) fn first_duplicate<'a, T: Hash + Eq + 'a>(
    items: impl IntoIterator<Item = &'a T>,
) -> Option<usize> {
    let mut seen = HashSet::new();
    items.into_iter().position(|x| !seen.insert(x))
}

fn dup(what: &str, i: usize) -> PartialVMError {
    PartialVMError::new(StatusCode::DUPLICATE_ELEMENT)
        .with_message(format!("duplicate {what} #{i}"))
}

/// Checks the tables a script and a module share.
pub(crate) fn verify_common(m: &CompiledModule) -> PartialVMResult<()> {
    if let Some(i) = first_duplicate(&m.identifiers) {
        return Err(dup("identifier", i));
    }
    if let Some(i) = first_duplicate(&m.address_identifiers) {
        return Err(dup("address", i));
    }
    if let Some(i) = first_duplicate(&m.constant_pool) {
        return Err(dup("constant", i));
    }
    if let Some(i) = first_duplicate(&m.signatures) {
        return Err(dup("signature", i));
    }
    if let Some(i) = first_duplicate(&m.module_handles) {
        return Err(dup("module handle", i));
    }
    let sh: Vec<_> = m
        .struct_handles
        .iter()
        .map(|h| (h.module, h.name))
        .collect();
    if let Some(i) = first_duplicate(&sh) {
        return Err(dup("struct handle", i));
    }
    let fh: Vec<_> = m
        .function_handles
        .iter()
        .map(|h| (h.module, h.name))
        .collect();
    if let Some(i) = first_duplicate(&fh) {
        return Err(dup("function handle", i));
    }
    if let Some(i) = first_duplicate(&m.function_instantiations) {
        return Err(dup("function instantiation", i));
    }
    Ok(())
}

/// Checks a module.
pub(crate) fn verify_module(m: &CompiledModule) -> PartialVMResult<()> {
    verify_common(m)?;
    if let Some(i) = first_duplicate(&m.field_handles) {
        return Err(dup("field handle", i));
    }
    if let Some(i) = first_duplicate(&m.friend_decls) {
        return Err(dup("friend", i));
    }
    if let Some(i) = first_duplicate(&m.struct_def_instantiations) {
        return Err(dup("struct instantiation", i));
    }
    if let Some(i) = first_duplicate(&m.field_instantiations) {
        return Err(dup("field instantiation", i));
    }
    if let Some(i) = first_duplicate(&m.variant_field_handles) {
        return Err(dup("variant field handle", i));
    }
    if let Some(i) = first_duplicate(&m.variant_field_instantiations) {
        return Err(dup("variant field instantiation", i));
    }
    if let Some(i) = first_duplicate(&m.struct_variant_handles) {
        return Err(dup("struct variant handle", i));
    }
    if let Some(i) = first_duplicate(&m.struct_variant_instantiations) {
        return Err(dup("struct variant instantiation", i));
    }
    let self_idx = access::self_handle_idx(m);

    // Struct definitions.
    let defined: Vec<_> = m.struct_defs.iter().map(|d| d.struct_handle).collect();
    if let Some(i) = first_duplicate(&defined) {
        return Err(dup("struct definition", i));
    }
    for (i, d) in m.struct_defs.iter().enumerate() {
        let h = access::struct_handle(m, d.struct_handle)?;
        if h.module != self_idx {
            return Err(PartialVMError::new(StatusCode::INVALID_MODULE_HANDLE)
                .with_message(format!("struct definition #{i} of a foreign handle")));
        }
        match &d.field_information {
            StructFieldInformation::Native => {}
            StructFieldInformation::Declared(fields) => {
                if fields.is_empty() {
                    return Err(PartialVMError::new(StatusCode::ZERO_SIZED_STRUCT)
                        .with_message(format!("struct definition #{i}")));
                }
                if let Some(j) = first_duplicate(fields.iter().map(|f| &f.name)) {
                    return Err(dup("field name", j));
                }
            }
            StructFieldInformation::DeclaredVariants(vs) => {
                if vs.is_empty() {
                    return Err(PartialVMError::new(StatusCode::ZERO_VARIANTS_ERROR)
                        .with_message(format!("struct definition #{i}")));
                }
                if let Some(j) = first_duplicate(vs.iter().map(|v| &v.name)) {
                    return Err(dup("variant name", j));
                }
                for v in vs {
                    if let Some(j) = first_duplicate(v.fields.iter().map(|f| &f.name)) {
                        return Err(dup("field name", j));
                    }
                }
            }
        }
    }
    let defined_set: BTreeSet<usize> = defined.iter().map(|d| usize::from(d.0)).collect();
    for (i, h) in m.struct_handles.iter().enumerate() {
        if h.module == self_idx && !defined_set.contains(&i) {
            return Err(PartialVMError::new(StatusCode::UNIMPLEMENTED_HANDLE)
                .with_message(format!("struct handle #{i} has no definition")));
        }
    }

    // Function definitions.
    let defined: Vec<_> = m.function_defs.iter().map(|d| d.function).collect();
    if let Some(i) = first_duplicate(&defined) {
        return Err(dup("function definition", i));
    }
    for (i, d) in m.function_defs.iter().enumerate() {
        let h = access::function_handle(m, d.function)?;
        if h.module != self_idx {
            return Err(PartialVMError::new(StatusCode::INVALID_MODULE_HANDLE)
                .with_message(format!("function definition #{i} of a foreign handle")));
        }
        if first_duplicate(&d.acquires_global_resources).is_some() {
            return Err(
                PartialVMError::new(StatusCode::DUPLICATE_ACQUIRES_ANNOTATION)
                    .with_message(format!("function definition #{i}")),
            );
        }
    }
    let defined_set: BTreeSet<_> = defined.iter().map(|d| d.0).collect();
    for (i, h) in m.function_handles.iter().enumerate() {
        if h.module == self_idx && u16::try_from(i).is_ok_and(|i| !defined_set.contains(&i)) {
            return Err(PartialVMError::new(StatusCode::UNIMPLEMENTED_HANDLE)
                .with_message(format!("function handle #{i} has no definition")));
        }
    }
    Ok(())
}
