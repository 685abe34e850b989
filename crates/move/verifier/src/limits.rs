//! Limits: type parameters, parameters and return values per handle, weighted size and depth
//! of every type, and counts of definitions, fields and variants.
//!
//! What is counted, in which order and with which status code follows Aptos's
//! `LimitsVerifier` (`move-bytecode-verifier/src/limits.rs`): function handles (type
//! parameters, then parameters, then return values), struct handles, every type in the
//! signature pool, the constant pool and the field definitions, then the definition counts.
//! A script is checked on its own tables only: its `main` is not a function handle there, so
//! neither its type parameters nor its parameters count against the handle limits.

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

/// Verifies a module, or a script given as a module of its tables only (no definitions, no
/// synthetic handle for `main`).
pub(crate) fn verify(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
    function_handles(config, m)?;
    struct_handles(config, m)?;
    type_nodes(config, m)?;
    definitions(config, m)
}

fn function_handles(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
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
    Ok(())
}

fn struct_handles(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
    let Some(limit) = config.max_generic_instantiation_length else {
        return Ok(());
    };
    for (i, h) in m.struct_handles.iter().enumerate() {
        if h.type_parameters.len() > limit {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_TYPE_PARAMETERS)
                .with_message(format!("struct handle #{i}")));
        }
    }
    Ok(())
}

fn type_nodes(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
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
    Ok(())
}

/// Checks one type. The depth is checked node by node in pre-order (root = 1), the weighted
/// size once the whole type is counted (so a function type's parameter count is reported
/// before the size, as Aptos does).
fn type_node(config: &VerifierConfig, ty: &SignatureToken) -> PartialVMResult<()> {
    if config.max_type_nodes.is_none()
        && config.max_type_depth.is_none()
        && config.max_function_parameters.is_none()
        && config.max_function_return_values.is_none()
    {
        return Ok(());
    }
    let mut size: usize = 0;
    // The traversal keeps an explicit stack: no recursion on untrusted nesting.
    let mut walk = ty.preorder_traversal();
    while let Some((t, depth)) = walk.next_with_depth() {
        if config.max_type_depth.is_some_and(|l| depth > l) {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_TYPE_NODES)
                .with_message(format!("type deeper than {depth}")));
        }
        size = size.saturating_add(match t {
            SignatureToken::Struct(_) | SignatureToken::StructInstantiation(..) => STRUCT_WEIGHT,
            SignatureToken::TypeParameter(_) => PARAM_WEIGHT,
            _ => 1,
        });
        if let SignatureToken::Function(ps, rs, _) = t
            && (config.max_function_parameters.is_some_and(|l| ps.len() > l)
                || config
                    .max_function_return_values
                    .is_some_and(|l| rs.len() > l))
        {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_PARAMETERS));
        }
    }
    if config.max_type_nodes.is_some_and(|l| size > l) {
        return Err(PartialVMError::new(StatusCode::TOO_MANY_TYPE_NODES)
            .with_message(format!("type of weighted size {size}")));
    }
    Ok(())
}

/// Definition counts; every struct's field count is checked before any enum's variant count.
fn definitions(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
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
    if let Some(limit) = config.max_fields_in_struct {
        for d in &m.struct_defs {
            // For an enum the bound applies to each variant, not to their sum.
            let fields = match &d.field_information {
                StructFieldInformation::Native => 0,
                StructFieldInformation::Declared(f) => f.len(),
                StructFieldInformation::DeclaredVariants(vs) => {
                    vs.iter().map(|v| v.fields.len()).max().unwrap_or(0)
                }
            };
            if fields > limit {
                return Err(PartialVMError::new(
                    StatusCode::MAX_FIELD_DEFINITIONS_REACHED,
                ));
            }
        }
    }
    if let Some(limit) = config.max_struct_variants {
        for d in &m.struct_defs {
            if let StructFieldInformation::DeclaredVariants(vs) = &d.field_information
                && vs.len() > limit
            {
                return Err(PartialVMError::new(StatusCode::MAX_STRUCT_VARIANTS_REACHED));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_vector(depth: usize) -> SignatureToken {
        let mut t = SignatureToken::U8;
        for _ in 1..depth {
            t = SignatureToken::Vector(Box::new(t));
        }
        t
    }

    fn status(config: &VerifierConfig, t: &SignatureToken) -> Option<StatusCode> {
        type_node(config, t).err().map(|e| e.major_status())
    }

    #[test]
    fn depth_counts_the_root_as_one() {
        let config = VerifierConfig {
            max_type_depth: Some(20),
            ..VerifierConfig::default()
        };
        assert_eq!(status(&config, &nested_vector(20)), None);
        assert_eq!(
            status(&config, &nested_vector(21)),
            Some(StatusCode::TOO_MANY_TYPE_NODES)
        );
        // Production has no depth limit: only the weighted size bounds a vector tower.
        assert_eq!(
            status(&VerifierConfig::production(), &nested_vector(256)),
            None
        );
        assert_eq!(
            status(&VerifierConfig::production(), &nested_vector(257)),
            Some(StatusCode::TOO_MANY_TYPE_NODES)
        );
    }

    #[test]
    fn structs_and_type_parameters_weigh_four() {
        let config = VerifierConfig {
            max_type_nodes: Some(9),
            ..VerifierConfig::default()
        };
        // vector<T> with T a type parameter: 1 + 4.
        let v = SignatureToken::Vector(Box::new(SignatureToken::TypeParameter(0)));
        assert_eq!(status(&config, &v), None);
        // &vector<T> plus a struct inside: &(1) vector(1) S<4>(4) T(4) = 10.
        let s = SignatureToken::Reference(Box::new(SignatureToken::Vector(Box::new(
            SignatureToken::StructInstantiation(
                lumio_move_binary_format::file_format::StructHandleIndex(0),
                vec![SignatureToken::TypeParameter(0)],
            ),
        ))));
        assert_eq!(status(&config, &s), Some(StatusCode::TOO_MANY_TYPE_NODES));
    }
}
