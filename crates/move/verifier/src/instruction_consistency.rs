//! Instruction consistency: the generic and non-generic forms of an instruction match the
//! genericity of their target (`Pack` on a non-generic struct, `PackGeneric` on a generic one;
//! same for calls, field borrows, global operations and variant operations).

use lumio_move_binary_format::file_format::{
    Bytecode, CompiledModule, FunctionHandleIndex, StructDefinitionIndex,
};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

/// Verifies every function body of the module.
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    for (fi, d) in m.function_defs.iter().enumerate() {
        let Some(code) = &d.code else { continue };
        for (pc, instr) in code.code.iter().enumerate() {
            check(m, instr).map_err(|e| {
                e.at_code_offset(
                    lumio_move_binary_format::file_format::FunctionDefinitionIndex(fi as u16),
                    pc as u16,
                )
            })?;
        }
    }
    Ok(())
}

fn mismatch() -> PartialVMError {
    PartialVMError::new(StatusCode::GENERIC_MEMBER_OPCODE_MISMATCH)
}

fn struct_generic(m: &CompiledModule, sd: StructDefinitionIndex) -> PartialVMResult<bool> {
    let def = access::struct_def(m, sd)?;
    Ok(!access::struct_handle(m, def.struct_handle)?
        .type_parameters
        .is_empty())
}

fn fun_generic(m: &CompiledModule, fh: FunctionHandleIndex) -> PartialVMResult<bool> {
    Ok(!access::function_handle(m, fh)?.type_parameters.is_empty())
}

fn expect(generic: bool, want: bool) -> PartialVMResult<()> {
    if generic == want {
        Ok(())
    } else {
        Err(mismatch())
    }
}

fn check(m: &CompiledModule, instr: &Bytecode) -> PartialVMResult<()> {
    use Bytecode as B;
    match instr {
        B::Pack(sd)
        | B::Unpack(sd)
        | B::Exists(sd)
        | B::MutBorrowGlobal(sd)
        | B::ImmBorrowGlobal(sd)
        | B::MoveFrom(sd)
        | B::MoveTo(sd) => expect(struct_generic(m, *sd)?, false),
        B::PackGeneric(si)
        | B::UnpackGeneric(si)
        | B::ExistsGeneric(si)
        | B::MutBorrowGlobalGeneric(si)
        | B::ImmBorrowGlobalGeneric(si)
        | B::MoveFromGeneric(si)
        | B::MoveToGeneric(si) => expect(
            struct_generic(m, access::struct_def_inst(m, *si)?.def)?,
            true,
        ),
        B::MutBorrowField(fh) | B::ImmBorrowField(fh) => expect(
            struct_generic(m, access::field_handle(m, *fh)?.owner)?,
            false,
        ),
        B::MutBorrowFieldGeneric(fi) | B::ImmBorrowFieldGeneric(fi) => {
            let h = access::field_handle(m, access::field_inst(m, *fi)?.handle)?;
            expect(struct_generic(m, h.owner)?, true)
        }
        B::MutBorrowVariantField(vh) | B::ImmBorrowVariantField(vh) => expect(
            struct_generic(m, access::variant_field_handle(m, *vh)?.struct_index)?,
            false,
        ),
        B::MutBorrowVariantFieldGeneric(vi) | B::ImmBorrowVariantFieldGeneric(vi) => {
            let h = access::variant_field_handle(m, access::variant_field_inst(m, *vi)?.handle)?;
            expect(struct_generic(m, h.struct_index)?, true)
        }
        B::PackVariant(vh) | B::UnpackVariant(vh) | B::TestVariant(vh) => expect(
            struct_generic(m, access::struct_variant_handle(m, *vh)?.struct_index)?,
            false,
        ),
        B::PackVariantGeneric(vi) | B::UnpackVariantGeneric(vi) | B::TestVariantGeneric(vi) => {
            let h = access::struct_variant_handle(m, access::struct_variant_inst(m, *vi)?.handle)?;
            expect(struct_generic(m, h.struct_index)?, true)
        }
        B::Call(fh) => expect(fun_generic(m, *fh)?, false),
        B::CallGeneric(fi) => expect(fun_generic(m, access::function_inst(m, *fi)?.handle)?, true),
        _ => Ok(()),
    }
}
