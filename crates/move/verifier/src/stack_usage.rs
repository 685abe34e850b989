//! Stack usage, per basic block as Aptos's `StackUsageVerifier` checks it: the operand stack
//! never underflows (`NEGATIVE_STACK_SIZE_WITHIN_BLOCK`), never grows above
//! `max_value_stack_size` (`VALUE_STACK_OVERFLOW`), and every block ends with an empty stack
//! (`POSITIVE_STACK_SIZE_AT_BLOCK_END`). Independently of the height, the values pushed by all
//! instructions of one block are summed and capped by `max_push_size`; an overflowing sum is
//! reported the same way (`VALUE_STACK_PUSH_OVERFLOW`), with or without a cap. Errors point at
//! the first instruction of the block, as Aptos reports them.

use lumio_move_binary_format::file_format::Bytecode;
use lumio_move_core_types::StatusCode;

use crate::{
    absint::FunctionContext,
    access::{self, invariant},
    config::VerifierConfig,
    error::PartialVMResult,
};

/// Verifies the function body. Charges nothing: Aptos's stack-usage pass is not metered.
pub(crate) fn verify(ctx: &FunctionContext<'_>, config: &VerifierConfig) -> PartialVMResult<()> {
    let max = config.max_value_stack_size as u64;
    let max_push = config.max_push_size.map(|l| l as u64);
    for block in ctx.cfg.blocks.values() {
        let err = |code| ctx.err(code, block.start);
        let mut height: u64 = 0;
        let mut pushed: u64 = 0;
        for pc in block.start..=block.end {
            let (pops, pushes) = effect(ctx, ctx.instr(pc)?)?;
            // The push count is checked before the pops, so `VecUnpack` of a huge count is a
            // push overflow even on an empty stack.
            pushed = pushed
                .checked_add(pushes)
                .ok_or_else(|| err(StatusCode::VALUE_STACK_PUSH_OVERFLOW))?;
            if max_push.is_some_and(|l| pushed > l) {
                return Err(err(StatusCode::VALUE_STACK_PUSH_OVERFLOW));
            }
            if pops > height {
                return Err(err(StatusCode::NEGATIVE_STACK_SIZE_WITHIN_BLOCK));
            }
            // The height never exceeds `pushed`, so this never saturates.
            height = (height - pops).saturating_add(pushes);
            if height > max {
                return Err(err(StatusCode::VALUE_STACK_OVERFLOW));
            }
        }
        if height != 0 {
            return Err(err(StatusCode::POSITIVE_STACK_SIZE_AT_BLOCK_END));
        }
    }
    Ok(())
}

/// `(values popped, values pushed)` of an instruction.
fn effect(ctx: &FunctionContext<'_>, instr: &Bytecode) -> PartialVMResult<(u64, u64)> {
    use Bytecode as B;
    let m = ctx.module;
    let len = |n: usize| n as u64;
    Ok(match instr {
        B::Pop | B::BrTrue(_) | B::BrFalse(_) | B::Abort | B::StLoc(_) => (1, 0),
        B::Ret => (len(ctx.returns.len()), 0),
        B::Branch(_) | B::Nop => (0, 0),
        B::LdU8(_)
        | B::LdU16(_)
        | B::LdU32(_)
        | B::LdU64(_)
        | B::LdU128(_)
        | B::LdU256(_)
        | B::LdI8(_)
        | B::LdI16(_)
        | B::LdI32(_)
        | B::LdI64(_)
        | B::LdI128(_)
        | B::LdI256(_)
        | B::LdConst(_)
        | B::LdTrue
        | B::LdFalse
        | B::CopyLoc(_)
        | B::MoveLoc(_)
        | B::MutBorrowLoc(_)
        | B::ImmBorrowLoc(_) => (0, 1),
        B::CastU8
        | B::CastU16
        | B::CastU32
        | B::CastU64
        | B::CastU128
        | B::CastU256
        | B::CastI8
        | B::CastI16
        | B::CastI32
        | B::CastI64
        | B::CastI128
        | B::CastI256
        | B::Not
        | B::Negate
        | B::FreezeRef
        | B::ReadRef
        | B::MutBorrowField(_)
        | B::ImmBorrowField(_)
        | B::MutBorrowFieldGeneric(_)
        | B::ImmBorrowFieldGeneric(_)
        | B::MutBorrowVariantField(_)
        | B::ImmBorrowVariantField(_)
        | B::MutBorrowVariantFieldGeneric(_)
        | B::ImmBorrowVariantFieldGeneric(_)
        | B::MutBorrowGlobal(_)
        | B::ImmBorrowGlobal(_)
        | B::MutBorrowGlobalGeneric(_)
        | B::ImmBorrowGlobalGeneric(_)
        | B::Exists(_)
        | B::ExistsGeneric(_)
        | B::MoveFrom(_)
        | B::MoveFromGeneric(_)
        | B::TestVariant(_)
        | B::TestVariantGeneric(_)
        | B::VecLen(_)
        | B::VecPopBack(_) => (1, 1),
        B::Add
        | B::Sub
        | B::Mul
        | B::Mod
        | B::Div
        | B::BitOr
        | B::BitAnd
        | B::Xor
        | B::Shl
        | B::Shr
        | B::Or
        | B::And
        | B::Eq
        | B::Neq
        | B::Lt
        | B::Gt
        | B::Le
        | B::Ge
        | B::VecImmBorrow(_)
        | B::VecMutBorrow(_) => (2, 1),
        B::WriteRef | B::MoveTo(_) | B::MoveToGeneric(_) | B::VecPushBack(_) => (2, 0),
        B::VecSwap(_) => (3, 0),
        B::AbortMsg => (2, 0),
        B::VecPack(_, n) => (*n, 1),
        B::VecUnpack(_, n) => (1, *n),
        B::Call(fh) => {
            let h = access::function_handle(m, *fh)?;
            (
                len(access::sig_tokens(m, h.parameters)?.len()),
                len(access::sig_tokens(m, h.return_)?.len()),
            )
        }
        B::CallGeneric(fi) => {
            let h = access::function_handle(m, access::function_inst(m, *fi)?.handle)?;
            (
                len(access::sig_tokens(m, h.parameters)?.len()),
                len(access::sig_tokens(m, h.return_)?.len()),
            )
        }
        B::Pack(_) | B::PackGeneric(_) | B::PackVariant(_) | B::PackVariantGeneric(_) => {
            (len(field_count(ctx, instr)?), 1)
        }
        B::Unpack(_) | B::UnpackGeneric(_) | B::UnpackVariant(_) | B::UnpackVariantGeneric(_) => {
            (1, len(field_count(ctx, instr)?))
        }
        other => {
            return Err(invariant(format!(
                "stack usage: unsupported instruction {other:?}"
            )));
        }
    })
}

fn field_count(ctx: &FunctionContext<'_>, instr: &Bytecode) -> PartialVMResult<usize> {
    use Bytecode as B;
    let m = ctx.module;
    let (sd, variant) = match instr {
        B::Pack(sd) | B::Unpack(sd) => (*sd, None),
        B::PackGeneric(si) | B::UnpackGeneric(si) => (access::struct_def_inst(m, *si)?.def, None),
        B::PackVariant(vh) | B::UnpackVariant(vh) => {
            let h = access::struct_variant_handle(m, *vh)?;
            (h.struct_index, Some(h.variant))
        }
        B::PackVariantGeneric(vi) | B::UnpackVariantGeneric(vi) => {
            let h = access::struct_variant_handle(m, access::struct_variant_inst(m, *vi)?.handle)?;
            (h.struct_index, Some(h.variant))
        }
        _ => return Err(invariant("not a pack")),
    };
    let def = access::struct_def(m, sd)?;
    // A pack of a native struct, or a plain pack of an enum, has no field list; the type
    // checker reports it, here it counts as zero fields.
    Ok(match variant {
        None => access::declared_fields(def).map_or(0, <[_]>::len),
        Some(v) => access::variant_fields(def, v).map_or(0, <[_]>::len),
    })
}
