//! Limits: type parameters, parameters and return values per handle, weighted size and depth
//! of every type, and counts of definitions, fields and variants.

use lumio_move_binary_format::file_format::{
    CompiledModule, SignatureToken, StructFieldInformation,
};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    config::VerifierConfig,
    error::{PartialVMError, PartialVMResult},
};

/// Structs and type parameters may expand to many nodes, so they weigh more.
const STRUCT_WEIGHT: usize = 4;
const PARAM_WEIGHT: usize = 4;

/// Verifies a module (a script is checked as its module form; `is_script` skips nothing
/// here because a script has no definitions of its own besides `main`).
pub(crate) fn verify(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
    for (i, h) in m.function_handles.iter().enumerate() {
        let at = |c| PartialVMError::new(c).with_message(format!("function handle #{i}"));
        if config
            .max_generic_instantiation_length
            .is_some_and(|l| h.type_parameters.len() > l)
        {
            return Err(at(StatusCode::TOO_MANY_TYPE_PARAMETERS));
        }
        if config
            .max_function_parameters
            .is_some_and(|l| access::sig_tokens(m, h.parameters).map_or(0, <[_]>::len) > l)
        {
            return Err(at(StatusCode::TOO_MANY_PARAMETERS));
        }
        if config
            .max_function_return_values
            .is_some_and(|l| access::sig_tokens(m, h.return_).map_or(0, <[_]>::len) > l)
        {
            return Err(at(StatusCode::TOO_MANY_PARAMETERS));
        }
    }
    for (i, h) in m.struct_handles.iter().enumerate() {
        if config
            .max_generic_instantiation_length
            .is_some_and(|l| h.type_parameters.len() > l)
        {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_TYPE_PARAMETERS)
                .with_message(format!("struct handle #{i}")));
        }
    }
    for s in &m.signatures {
        for t in &s.0 {
            type_node(config, t)?;
        }
    }
    for c in &m.constant_pool {
        type_node(config, &c.type_)?;
    }
    for d in &m.struct_defs {
        for t in access::all_field_types(d) {
            type_node(config, t)?;
        }
    }
    if config
        .max_function_definitions
        .is_some_and(|l| m.function_defs.len() > l)
    {
        return Err(PartialVMError::new(
            StatusCode::MAX_FUNCTION_DEFINITIONS_REACHED,
        ));
    }
    if config
        .max_struct_definitions
        .is_some_and(|l| m.struct_defs.len() > l)
    {
        return Err(PartialVMError::new(
            StatusCode::MAX_STRUCT_DEFINITIONS_REACHED,
        ));
    }
    for d in &m.struct_defs {
        let fields = match &d.field_information {
            StructFieldInformation::Native => 0,
            StructFieldInformation::Declared(f) => f.len(),
            StructFieldInformation::DeclaredVariants(vs) => {
                vs.iter().map(|v| v.fields.len()).max().unwrap_or(0)
            }
        };
        if config.max_fields_in_struct.is_some_and(|l| fields > l) {
            return Err(PartialVMError::new(
                StatusCode::MAX_FIELD_DEFINITIONS_REACHED,
            ));
        }
        if let StructFieldInformation::DeclaredVariants(vs) = &d.field_information
            && config.max_struct_variants.is_some_and(|l| vs.len() > l)
        {
            return Err(PartialVMError::new(StatusCode::MAX_STRUCT_VARIANTS_REACHED));
        }
    }
    Ok(())
}

fn type_node(config: &VerifierConfig, ty: &SignatureToken) -> PartialVMResult<()> {
    if config.max_type_nodes.is_none() && config.max_type_depth.is_none() {
        return Ok(());
    }
    let mut size: usize = 0;
    // Explicit stack of (token, depth) — no recursion on untrusted nesting.
    let mut stack = vec![(ty, 1usize)];
    while let Some((t, depth)) = stack.pop() {
        if config.max_type_depth.is_some_and(|l| depth > l) {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_TYPE_NODES));
        }
        size = size.saturating_add(match t {
            SignatureToken::Struct(_) | SignatureToken::StructInstantiation(..) => STRUCT_WEIGHT,
            SignatureToken::TypeParameter(_) => PARAM_WEIGHT,
            _ => 1,
        });
        if config.max_type_nodes.is_some_and(|l| size > l) {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_TYPE_NODES));
        }
        match t {
            SignatureToken::Vector(x)
            | SignatureToken::Reference(x)
            | SignatureToken::MutableReference(x) => {
                stack.push((x, depth + 1));
            }
            SignatureToken::StructInstantiation(_, xs) => {
                stack.extend(xs.iter().map(|x| (x, depth + 1)));
            }
            SignatureToken::Function(ps, rs, _) => {
                if config.max_function_parameters.is_some_and(|l| ps.len() > l)
                    || config
                        .max_function_return_values
                        .is_some_and(|l| rs.len() > l)
                {
                    return Err(PartialVMError::new(StatusCode::TOO_MANY_PARAMETERS));
                }
                stack.extend(ps.iter().chain(rs.iter()).map(|x| (x, depth + 1)));
            }
            _ => {}
        }
    }
    Ok(())
}
