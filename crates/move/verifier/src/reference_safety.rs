//! Reference safety: no dangling references, no mutation through a reference while other
//! references may observe the value, no references to locals or globals escaping the frame,
//! and global resources not moved or re-borrowed while borrowed (across calls too, via the
//! callee's `acquires`).
//!
//! Abstract interpretation over the borrow graph (`reference_safety/borrow_graph.rs`), with a
//! join by subsumption at merge points and iteration to a fixpoint around loops. Follows the
//! Move borrow-graph semantics Aptos's verifier uses (factoring of strong borrows, edge-set
//! overflow, the same traversal order and meter charges), so that the same modules are
//! accepted; each instruction's rule is in `docs/verifier.md`.

mod abstract_state;
mod borrow_graph;

use std::collections::BTreeMap;

use abstract_state::{AbsValue, State};
use borrow_graph::Label;
use lumio_move_binary_format::file_format::{
    Bytecode, CodeOffset, CompiledModule, FunctionDefinitionIndex, FunctionHandleIndex,
    SignatureToken,
};

use crate::{
    absint::{FunctionContext, fixpoint},
    access::{self, invariant},
    error::PartialVMResult,
    meter::Meter,
};

/// Maps each function handle defined in this module to its definition (for `acquires`).
pub(crate) fn local_definitions(
    m: &CompiledModule,
) -> BTreeMap<FunctionHandleIndex, FunctionDefinitionIndex> {
    m.function_defs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((d.function, FunctionDefinitionIndex(u16::try_from(i).ok()?))))
        .collect()
}

fn ref_kind(ty: &SignatureToken) -> Option<bool> {
    match ty {
        SignatureToken::Reference(_) => Some(false),
        SignatureToken::MutableReference(_) => Some(true),
        _ => None,
    }
}

/// Verifies the function body.
pub(crate) fn verify(
    ctx: &FunctionContext<'_>,
    defs: &BTreeMap<FunctionHandleIndex, FunctionDefinitionIndex>,
    meter: &mut Meter,
) -> PartialVMResult<()> {
    let init = State::new(
        ctx.index,
        ctx.num_locals(),
        ctx.parameters.iter().map(ref_kind),
    )?;
    fixpoint(&ctx.cfg, init, meter, |state, block, meter| {
        let mut stack: Vec<AbsValue> = Vec::new();
        for pc in block.start..=block.end {
            state.charge_step(meter)?;
            step(ctx, defs, state, &mut stack, pc, meter)?;
        }
        if !stack.is_empty() {
            return Err(invariant("reference safety: non-empty stack at block end"));
        }
        state.canonicalize()
    })
}

fn pop(stack: &mut Vec<AbsValue>) -> PartialVMResult<AbsValue> {
    stack
        .pop()
        .ok_or_else(|| invariant("reference safety: stack underflow"))
}

fn pop_n(stack: &mut Vec<AbsValue>, n: usize) -> PartialVMResult<Vec<AbsValue>> {
    let at = stack
        .len()
        .checked_sub(n)
        .ok_or_else(|| invariant("reference safety: stack underflow"))?;
    Ok(stack.split_off(at))
}

fn call(
    ctx: &FunctionContext<'_>,
    defs: &BTreeMap<FunctionHandleIndex, FunctionDefinitionIndex>,
    state: &mut State,
    stack: &mut Vec<AbsValue>,
    pc: CodeOffset,
    fh: FunctionHandleIndex,
    meter: &mut Meter,
) -> PartialVMResult<()> {
    let m = ctx.module;
    let handle = access::function_handle(m, fh)?;
    let nparams = access::sig_tokens(m, handle.parameters)?.len();
    let returns: Vec<Option<bool>> = access::sig_tokens(m, handle.return_)?
        .iter()
        .map(ref_kind)
        .collect();
    let acquires: Vec<u16> = match defs.get(&fh) {
        Some(d) => access::function_def(m, *d)?
            .acquires_global_resources
            .iter()
            .map(|s| s.0)
            .collect(),
        None => vec![],
    };
    let args = pop_n(stack, nparams)?;
    let results = state.call(pc, &args, &acquires, &returns, meter)?;
    stack.extend(results);
    Ok(())
}

fn step(
    ctx: &FunctionContext<'_>,
    defs: &BTreeMap<FunctionHandleIndex, FunctionDefinitionIndex>,
    state: &mut State,
    stack: &mut Vec<AbsValue>,
    pc: CodeOffset,
    meter: &mut Meter,
) -> PartialVMResult<()> {
    use Bytecode as B;
    let m = ctx.module;
    match ctx.instr(pc)? {
        B::Pop | B::BrTrue(_) | B::BrFalse(_) | B::Abort => {
            let v = pop(stack)?;
            state.release(v)?;
        }
        B::AbortMsg => {
            pop(stack)?;
            pop(stack)?;
        }
        B::Ret => {
            let values = pop_n(stack, ctx.returns.len())?;
            state.ret(pc, &values)?;
        }
        B::Branch(_) | B::Nop => {}
        B::CopyLoc(i) => {
            let v = state.copy_loc(pc, *i)?;
            stack.push(v);
        }
        B::MoveLoc(i) => {
            let v = state.move_loc(pc, *i)?;
            stack.push(v);
        }
        B::StLoc(i) => {
            let v = pop(stack)?;
            state.st_loc(pc, *i, v)?;
        }
        B::FreezeRef => {
            let v = pop(stack)?;
            let r = state.freeze_ref(pc, v)?;
            stack.push(r);
        }
        B::Eq | B::Neq => {
            let a = pop(stack)?;
            let b = pop(stack)?;
            state.comparison(pc, a, b)?;
            stack.push(AbsValue::NonRef);
        }
        B::ReadRef => {
            let v = pop(stack)?;
            state.read_ref(pc, v)?;
            stack.push(AbsValue::NonRef);
        }
        B::WriteRef => {
            let r = pop(stack)?;
            let _value = pop(stack)?;
            state.write_ref(pc, r)?;
        }
        B::MutBorrowLoc(i) | B::ImmBorrowLoc(i) => {
            let v = state.borrow_loc(pc, matches!(ctx.instr(pc)?, B::MutBorrowLoc(_)), *i)?;
            stack.push(v);
        }
        instr @ (B::MutBorrowField(_)
        | B::ImmBorrowField(_)
        | B::MutBorrowFieldGeneric(_)
        | B::ImmBorrowFieldGeneric(_)
        | B::MutBorrowVariantField(_)
        | B::ImmBorrowVariantField(_)
        | B::MutBorrowVariantFieldGeneric(_)
        | B::ImmBorrowVariantFieldGeneric(_)) => {
            let (mutable, label) = match instr {
                B::MutBorrowField(fh) | B::ImmBorrowField(fh) => {
                    let h = access::field_handle(m, *fh)?;
                    (
                        matches!(instr, B::MutBorrowField(_)),
                        Label::Field(h.owner.0, h.field),
                    )
                }
                B::MutBorrowFieldGeneric(fi) | B::ImmBorrowFieldGeneric(fi) => {
                    let h = access::field_handle(m, access::field_inst(m, *fi)?.handle)?;
                    (
                        matches!(instr, B::MutBorrowFieldGeneric(_)),
                        Label::Field(h.owner.0, h.field),
                    )
                }
                B::MutBorrowVariantField(vh) | B::ImmBorrowVariantField(vh) => {
                    let h = access::variant_field_handle(m, *vh)?;
                    (
                        matches!(instr, B::MutBorrowVariantField(_)),
                        Label::Field(h.struct_index.0, h.field),
                    )
                }
                B::MutBorrowVariantFieldGeneric(vi) | B::ImmBorrowVariantFieldGeneric(vi) => {
                    let h = access::variant_field_handle(
                        m,
                        access::variant_field_inst(m, *vi)?.handle,
                    )?;
                    (
                        matches!(instr, B::MutBorrowVariantFieldGeneric(_)),
                        Label::Field(h.struct_index.0, h.field),
                    )
                }
                _ => return Err(invariant("unreachable field borrow")),
            };
            let v = pop(stack)?;
            let r = state.borrow_field(pc, mutable, v, label)?;
            stack.push(r);
        }
        B::MutBorrowGlobal(sd) | B::ImmBorrowGlobal(sd) => {
            let mutable = matches!(ctx.instr(pc)?, B::MutBorrowGlobal(_));
            pop(stack)?;
            let r = state.borrow_global(pc, mutable, sd.0)?;
            stack.push(r);
        }
        B::MutBorrowGlobalGeneric(si) | B::ImmBorrowGlobalGeneric(si) => {
            let mutable = matches!(ctx.instr(pc)?, B::MutBorrowGlobalGeneric(_));
            let sd = access::struct_def_inst(m, *si)?.def;
            pop(stack)?;
            let r = state.borrow_global(pc, mutable, sd.0)?;
            stack.push(r);
        }
        B::MoveFrom(sd) => {
            pop(stack)?;
            state.move_from(pc, sd.0)?;
            stack.push(AbsValue::NonRef);
        }
        B::MoveFromGeneric(si) => {
            let sd = access::struct_def_inst(m, *si)?.def;
            pop(stack)?;
            state.move_from(pc, sd.0)?;
            stack.push(AbsValue::NonRef);
        }
        B::MoveTo(_) | B::MoveToGeneric(_) => {
            let _value = pop(stack)?;
            let signer = pop(stack)?;
            state.release(signer)?;
        }
        B::Exists(_) | B::ExistsGeneric(_) => {
            pop(stack)?;
            stack.push(AbsValue::NonRef);
        }
        B::Call(fh) => call(ctx, defs, state, stack, pc, *fh, meter)?,
        B::CallGeneric(fi) => {
            let fh = access::function_inst(m, *fi)?.handle;
            call(ctx, defs, state, stack, pc, fh, meter)?;
        }
        B::Pack(_) | B::PackGeneric(_) | B::PackVariant(_) | B::PackVariantGeneric(_) => {
            let n = pack_arity(ctx, pc)?;
            pop_n(stack, n)?;
            stack.push(AbsValue::NonRef);
        }
        B::Unpack(_) | B::UnpackGeneric(_) | B::UnpackVariant(_) | B::UnpackVariantGeneric(_) => {
            let n = pack_arity(ctx, pc)?;
            pop(stack)?;
            stack.extend(std::iter::repeat_n(AbsValue::NonRef, n));
        }
        B::TestVariant(_) | B::TestVariantGeneric(_) => {
            let v = pop(stack)?;
            state.test_variant(pc, v)?;
            stack.push(AbsValue::NonRef);
        }
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
        | B::LdFalse => stack.push(AbsValue::NonRef),
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
        | B::Negate => {
            pop(stack)?;
            stack.push(AbsValue::NonRef);
        }
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
        | B::Lt
        | B::Gt
        | B::Le
        | B::Ge => {
            pop(stack)?;
            pop(stack)?;
            stack.push(AbsValue::NonRef);
        }
        B::VecPack(_, n) => {
            let n = usize::try_from(*n).map_err(|_| invariant("vec pack size"))?;
            pop_n(stack, n)?;
            stack.push(AbsValue::NonRef);
        }
        B::VecLen(_) => {
            let v = pop(stack)?;
            state.vector_op(pc, v, false)?;
            stack.push(AbsValue::NonRef);
        }
        B::VecImmBorrow(_) | B::VecMutBorrow(_) => {
            let mutable = matches!(ctx.instr(pc)?, B::VecMutBorrow(_));
            pop(stack)?;
            let v = pop(stack)?;
            let r = state.vector_element_borrow(pc, v, mutable)?;
            stack.push(r);
        }
        B::VecPushBack(_) => {
            pop(stack)?;
            let v = pop(stack)?;
            state.vector_op(pc, v, true)?;
        }
        B::VecPopBack(_) => {
            let v = pop(stack)?;
            state.vector_op(pc, v, true)?;
            stack.push(AbsValue::NonRef);
        }
        B::VecUnpack(_, n) => {
            let n = usize::try_from(*n).map_err(|_| invariant("vec unpack size"))?;
            pop(stack)?;
            stack.extend(std::iter::repeat_n(AbsValue::NonRef, n));
        }
        B::VecSwap(_) => {
            pop(stack)?;
            pop(stack)?;
            let v = pop(stack)?;
            state.vector_op(pc, v, true)?;
        }
        other => {
            return Err(invariant(format!(
                "reference safety: unsupported instruction {other:?}"
            )));
        }
    }
    Ok(())
}

/// Number of fields packed/unpacked by the instruction at `pc`.
fn pack_arity(ctx: &FunctionContext<'_>, pc: CodeOffset) -> PartialVMResult<usize> {
    use Bytecode as B;
    let m = ctx.module;
    let (sd, variant) = match ctx.instr(pc)? {
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
    match variant {
        None => access::declared_fields(def).map(<[_]>::len),
        Some(v) => access::variant_fields(def, v).map(<[_]>::len),
    }
    .ok_or_else(|| invariant("pack arity"))
}
