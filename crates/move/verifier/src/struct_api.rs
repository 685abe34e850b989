//! Struct API pattern check (bytecode v10): a function carrying one of the generated
//! struct-API attributes (`pack`, `unpack`, `test_variant`, `borrow_field`) has exactly the
//! prescribed body, so callers in other modules may rely on what it does
//! (`INVALID_STRUCT_API_CODE`). At most one such attribute per function.

use lumio_move_binary_format::file_format::{
    Bytecode, CodeUnit, CompiledModule, FunctionAttribute, FunctionDefinitionIndex,
};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

fn bad(i: usize) -> PartialVMError {
    PartialVMError::new(StatusCode::INVALID_STRUCT_API_CODE).at_code_offset(
        FunctionDefinitionIndex(u16::try_from(i).unwrap_or(u16::MAX)),
        0,
    )
}

/// Verifies every function with a struct-API attribute.
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    use FunctionAttribute as A;
    for (i, d) in m.function_defs.iter().enumerate() {
        let h = access::function_handle(m, d.function)?;
        let api: Vec<&FunctionAttribute> = h
            .attributes
            .iter()
            .filter(|a| !matches!(a, A::Persistent | A::ModuleLock))
            .collect();
        let [attr] = api.as_slice() else {
            if api.is_empty() {
                continue;
            }
            return Err(bad(i));
        };
        let code = d
            .code
            .as_ref()
            .map(|c: &CodeUnit| c.code.as_slice())
            .ok_or_else(|| bad(i))?;
        let ok = match attr {
            A::Pack | A::PackVariant(_) => pack_pattern(code),
            A::Unpack | A::UnpackVariant(_) => matches!(
                code,
                [
                    Bytecode::MoveLoc(_),
                    Bytecode::Unpack(_)
                        | Bytecode::UnpackGeneric(_)
                        | Bytecode::UnpackVariant(_)
                        | Bytecode::UnpackVariantGeneric(_),
                    Bytecode::Ret
                ]
            ),
            A::TestVariant(_) => matches!(
                code,
                [
                    Bytecode::MoveLoc(_),
                    Bytecode::TestVariant(_) | Bytecode::TestVariantGeneric(_),
                    Bytecode::Ret
                ]
            ),
            A::BorrowFieldImmutable(off) => borrow_pattern(m, code, false, *off)?,
            A::BorrowFieldMutable(off) => borrow_pattern(m, code, true, *off)?,
            A::Persistent | A::ModuleLock => true,
        };
        if !ok {
            return Err(bad(i));
        }
    }
    Ok(())
}

/// `MoveLoc*; Pack*; Ret`.
fn pack_pattern(code: &[Bytecode]) -> bool {
    let [init @ .., pack, Bytecode::Ret] = code else {
        return false;
    };
    matches!(
        pack,
        Bytecode::Pack(_)
            | Bytecode::PackGeneric(_)
            | Bytecode::PackVariant(_)
            | Bytecode::PackVariantGeneric(_)
    ) && init.iter().all(|b| matches!(b, Bytecode::MoveLoc(_)))
}

/// `MoveLoc; <borrow of field offset>; Ret`.
fn borrow_pattern(
    m: &CompiledModule,
    code: &[Bytecode],
    mutable: bool,
    off: u16,
) -> PartialVMResult<bool> {
    use Bytecode as B;
    let [B::MoveLoc(_), borrow, B::Ret] = code else {
        return Ok(false);
    };
    let field = match (mutable, borrow) {
        (false, B::ImmBorrowField(fh)) | (true, B::MutBorrowField(fh)) => {
            access::field_handle(m, *fh)?.field
        }
        (false, B::ImmBorrowFieldGeneric(fi)) | (true, B::MutBorrowFieldGeneric(fi)) => {
            access::field_handle(m, access::field_inst(m, *fi)?.handle)?.field
        }
        (false, B::ImmBorrowVariantField(vh)) | (true, B::MutBorrowVariantField(vh)) => {
            access::variant_field_handle(m, *vh)?.field
        }
        (false, B::ImmBorrowVariantFieldGeneric(vi))
        | (true, B::MutBorrowVariantFieldGeneric(vi)) => {
            access::variant_field_handle(m, access::variant_field_inst(m, *vi)?.handle)?.field
        }
        _ => return Ok(false),
    };
    Ok(field == off)
}
