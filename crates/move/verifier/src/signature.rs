//! Signatures: types are well formed where they are used.
//!
//! - references only at the top level of parameters, returns and locals; never in fields,
//!   vector elements or type arguments; never a reference to a reference;
//! - struct instantiations have the right arity and their type arguments satisfy the declared
//!   constraints (given the constraints of the type parameters in scope);
//! - phantom type parameters appear only in phantom positions of field types;
//! - fields have the abilities their struct's abilities require;
//! - instantiations used by instructions (calls, packs, field borrows, vector ops) are checked
//!   in the scope of the function that uses them.

use lumio_move_binary_format::file_format::{
    Bytecode, CompiledModule, SignatureIndex, SignatureToken, StructHandleIndex,
};
use lumio_move_core_types::{AbilitySet, StatusCode};

use crate::{
    access::{self, abilities},
    error::{PartialVMError, PartialVMResult},
};

type ST = SignatureToken;

/// Verifies a module (or a script in module form).
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    // Every signature in the pool is structurally valid (no nested references, arity).
    for (i, s) in m.signatures.iter().enumerate() {
        for t in &s.0 {
            check_structure(m, t, true)
                .map_err(|e| e.append_message_with_separator(' ', format!("in signature #{i}")))?;
        }
    }
    // Function handles: parameters and returns, in the scope of the handle's type parameters.
    for (i, h) in m.function_handles.iter().enumerate() {
        for sig in [h.parameters, h.return_] {
            for t in access::sig_tokens(m, sig)? {
                check_type(m, t, &h.type_parameters, true).map_err(|e| {
                    e.append_message_with_separator(' ', format!("in function handle #{i}"))
                })?;
            }
        }
    }
    // Struct definitions: fields.
    for (i, d) in m.struct_defs.iter().enumerate() {
        let h = access::struct_handle(m, d.struct_handle)?;
        let constraints: Vec<AbilitySet> =
            h.type_parameters.iter().map(|p| p.constraints).collect();
        // Inside the struct the type parameters are assumed to have every ability: the
        // struct's own abilities are then restricted per instantiation.
        let all = vec![AbilitySet::ALL; h.type_parameters.len()];
        let required = h.abilities.iter().fold(AbilitySet::EMPTY, |acc, a| {
            acc.union(AbilitySet::singleton(a.requires()))
        });
        for t in access::all_field_types(d) {
            check_type(m, t, &constraints, false).map_err(|e| {
                e.append_message_with_separator(' ', format!("in struct definition #{i}"))
            })?;
            check_phantom(m, t, d.struct_handle, false)?;
            let have = abilities(m, t, &all)?;
            if !required.is_subset(have) {
                return Err(PartialVMError::new(StatusCode::FIELD_MISSING_TYPE_ABILITY)
                    .with_message(format!("struct definition #{i}")));
            }
        }
    }
    // Function definitions: locals and instruction instantiations.
    for (i, d) in m.function_defs.iter().enumerate() {
        let h = access::function_handle(m, d.function)?;
        let Some(code) = &d.code else { continue };
        let scope = &h.type_parameters;
        let ctx = |e: PartialVMError| {
            e.append_message_with_separator(' ', format!("in function definition #{i}"))
        };
        for t in access::sig_tokens(m, code.locals)? {
            check_type(m, t, scope, true).map_err(ctx)?;
        }
        for instr in &code.code {
            check_instruction(m, instr, scope).map_err(ctx)?;
        }
    }
    Ok(())
}

fn check_instruction(
    m: &CompiledModule,
    instr: &Bytecode,
    scope: &[AbilitySet],
) -> PartialVMResult<()> {
    use Bytecode as B;
    match instr {
        B::CallGeneric(fi) => {
            let inst = access::function_inst(m, *fi)?;
            let h = access::function_handle(m, inst.handle)?;
            check_args(m, inst.type_parameters, &h.type_parameters, scope)
        }
        B::PackGeneric(si)
        | B::UnpackGeneric(si)
        | B::ExistsGeneric(si)
        | B::MutBorrowGlobalGeneric(si)
        | B::ImmBorrowGlobalGeneric(si)
        | B::MoveFromGeneric(si)
        | B::MoveToGeneric(si) => {
            let inst = access::struct_def_inst(m, *si)?;
            let sh = access::struct_def(m, inst.def)?.struct_handle;
            check_struct_args(m, inst.type_parameters, sh, scope)
        }
        B::MutBorrowFieldGeneric(fi) | B::ImmBorrowFieldGeneric(fi) => {
            let inst = access::field_inst(m, *fi)?;
            let owner = access::field_handle(m, inst.handle)?.owner;
            let sh = access::struct_def(m, owner)?.struct_handle;
            check_struct_args(m, inst.type_parameters, sh, scope)
        }
        B::MutBorrowVariantFieldGeneric(vi) | B::ImmBorrowVariantFieldGeneric(vi) => {
            let inst = access::variant_field_inst(m, *vi)?;
            let owner = access::variant_field_handle(m, inst.handle)?.struct_index;
            let sh = access::struct_def(m, owner)?.struct_handle;
            check_struct_args(m, inst.type_parameters, sh, scope)
        }
        B::PackVariantGeneric(vi) | B::UnpackVariantGeneric(vi) | B::TestVariantGeneric(vi) => {
            let inst = access::struct_variant_inst(m, *vi)?;
            let owner = access::struct_variant_handle(m, inst.handle)?.struct_index;
            let sh = access::struct_def(m, owner)?.struct_handle;
            check_struct_args(m, inst.type_parameters, sh, scope)
        }
        B::VecPack(s, _)
        | B::VecLen(s)
        | B::VecImmBorrow(s)
        | B::VecMutBorrow(s)
        | B::VecPushBack(s)
        | B::VecPopBack(s)
        | B::VecUnpack(s, _)
        | B::VecSwap(s) => {
            let tys = access::sig_tokens(m, *s)?;
            if tys.len() != 1 {
                return Err(
                    PartialVMError::new(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH)
                        .with_message("vector instruction needs exactly one type".to_string()),
                );
            }
            for t in tys {
                check_type(m, t, scope, false)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_struct_args(
    m: &CompiledModule,
    sig: SignatureIndex,
    sh: StructHandleIndex,
    scope: &[AbilitySet],
) -> PartialVMResult<()> {
    let h = access::struct_handle(m, sh)?;
    let constraints: Vec<AbilitySet> = h.type_parameters.iter().map(|p| p.constraints).collect();
    check_args(m, sig, &constraints, scope)
}

/// Type arguments in `sig` for parameters with `constraints`, in `scope`.
fn check_args(
    m: &CompiledModule,
    sig: SignatureIndex,
    constraints: &[AbilitySet],
    scope: &[AbilitySet],
) -> PartialVMResult<()> {
    let args = access::sig_tokens(m, sig)?;
    if args.len() != constraints.len() {
        return Err(PartialVMError::new(
            StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
        ));
    }
    for (arg, c) in args.iter().zip(constraints) {
        check_type(m, arg, scope, false)?;
        if !c.is_subset(abilities(m, arg, scope)?) {
            return Err(PartialVMError::new(StatusCode::CONSTRAINT_NOT_SATISFIED));
        }
    }
    Ok(())
}

/// Structural checks only: reference placement and struct arity.
fn check_structure(m: &CompiledModule, ty: &ST, allow_ref: bool) -> PartialVMResult<()> {
    match ty {
        ST::Reference(t) | ST::MutableReference(t) => {
            if !allow_ref {
                return Err(PartialVMError::new(StatusCode::INVALID_SIGNATURE_TOKEN)
                    .with_message("reference not allowed here".to_string()));
            }
            check_structure(m, t, false)
        }
        ST::Vector(t) => check_structure(m, t, false),
        ST::Struct(h) => {
            if !access::struct_handle(m, *h)?.type_parameters.is_empty() {
                return Err(PartialVMError::new(
                    StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                ));
            }
            Ok(())
        }
        ST::StructInstantiation(h, args) => {
            if access::struct_handle(m, *h)?.type_parameters.len() != args.len() {
                return Err(PartialVMError::new(
                    StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                ));
            }
            args.iter().try_for_each(|a| check_structure(m, a, false))
        }
        ST::Function(ps, rs, _) => ps
            .iter()
            .chain(rs)
            .try_for_each(|a| check_structure(m, a, true)),
        _ => Ok(()),
    }
}

/// Structure plus constraints of every struct instantiation inside `ty`.
fn check_type(
    m: &CompiledModule,
    ty: &ST,
    scope: &[AbilitySet],
    allow_ref: bool,
) -> PartialVMResult<()> {
    check_structure(m, ty, allow_ref)?;
    check_constraints(m, ty, scope)
}

fn check_constraints(m: &CompiledModule, ty: &ST, scope: &[AbilitySet]) -> PartialVMResult<()> {
    match ty {
        ST::Reference(t) | ST::MutableReference(t) | ST::Vector(t) => {
            check_constraints(m, t, scope)
        }
        ST::StructInstantiation(h, args) => {
            let handle = access::struct_handle(m, *h)?;
            for (arg, p) in args.iter().zip(&handle.type_parameters) {
                check_constraints(m, arg, scope)?;
                if !p.constraints.is_subset(abilities(m, arg, scope)?) {
                    return Err(PartialVMError::new(StatusCode::CONSTRAINT_NOT_SATISFIED));
                }
            }
            Ok(())
        }
        ST::TypeParameter(i) => {
            if usize::from(*i) >= scope.len() {
                return Err(PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS)
                    .with_message(format!("type parameter {i} out of scope")));
            }
            Ok(())
        }
        ST::Function(ps, rs, _) => ps
            .iter()
            .chain(rs)
            .try_for_each(|a| check_constraints(m, a, scope)),
        _ => Ok(()),
    }
}

/// Phantom type parameters of `owner` may only appear as arguments in phantom positions.
fn check_phantom(
    m: &CompiledModule,
    ty: &ST,
    owner: StructHandleIndex,
    phantom_pos: bool,
) -> PartialVMResult<()> {
    match ty {
        ST::TypeParameter(i) => {
            let h = access::struct_handle(m, owner)?;
            let is_phantom = h
                .type_parameters
                .get(usize::from(*i))
                .is_some_and(|p| p.is_phantom);
            if is_phantom && !phantom_pos {
                return Err(PartialVMError::new(
                    StatusCode::INVALID_PHANTOM_TYPE_PARAM_POSITION,
                ));
            }
            Ok(())
        }
        ST::Vector(t) | ST::Reference(t) | ST::MutableReference(t) => {
            check_phantom(m, t, owner, false)
        }
        ST::StructInstantiation(h, args) => {
            let handle = access::struct_handle(m, *h)?;
            for (arg, p) in args.iter().zip(&handle.type_parameters) {
                check_phantom(m, arg, owner, p.is_phantom)?;
            }
            Ok(())
        }
        ST::Function(ps, rs, _) => ps
            .iter()
            .chain(rs)
            .try_for_each(|a| check_phantom(m, a, owner, false)),
        _ => Ok(()),
    }
}
