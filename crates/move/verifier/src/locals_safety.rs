//! Locals safety: a local is read (copy, move, borrow) only when it surely holds a value, and
//! no value without `drop` is overwritten or left behind at `Ret`.
//!
//! Each local is Available, Unavailable or MaybeAvailable (after a join of the first two).

use lumio_move_binary_format::file_format::{Bytecode, CodeOffset};
use lumio_move_core_types::StatusCode;

use crate::{
    absint::{AbstractState, FunctionContext, JoinResult, fixpoint},
    access::{abilities, invariant},
    error::PartialVMResult,
    meter::Meter,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Local {
    Available,
    Unavailable,
    MaybeAvailable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    locals: Vec<Local>,
}

/// Aptos's locals-safety meter charges.
const STEP_BASE_COST: u128 = 15;
const RET_PER_LOCAL_COST: u128 = 30;
const JOIN_BASE_COST: u128 = 10;
const JOIN_PER_LOCAL_COST: u128 = 5;

impl AbstractState for State {
    fn join(&mut self, other: &Self, meter: &mut Meter) -> PartialVMResult<JoinResult> {
        meter.add(JOIN_BASE_COST)?;
        meter.add_items(JOIN_PER_LOCAL_COST, other.locals.len())?;
        if self.locals.len() != other.locals.len() {
            return Err(invariant("locals safety: state size mismatch"));
        }
        let mut changed = JoinResult::Unchanged;
        for (a, b) in self.locals.iter_mut().zip(&other.locals) {
            if a != b && *a != Local::MaybeAvailable {
                *a = Local::MaybeAvailable;
                changed = JoinResult::Changed;
            }
        }
        Ok(changed)
    }
}

/// Verifies the function body.
pub(crate) fn verify(ctx: &FunctionContext<'_>, meter: &mut Meter) -> PartialVMResult<()> {
    let n = ctx.num_locals();
    let mut locals = vec![Local::Unavailable; n];
    for l in locals.iter_mut().take(ctx.parameters.len()) {
        *l = Local::Available;
    }
    // Whether each local's type has `drop`, computed once.
    let drops: Vec<bool> = (0..n)
        .map(|i| {
            let ty = ctx.local_type(u8::try_from(i).map_err(|_| invariant("too many locals"))?)?;
            Ok(abilities(ctx.module, ty, ctx.type_parameters)?.has_drop())
        })
        .collect::<PartialVMResult<_>>()?;
    fixpoint(&ctx.cfg, State { locals }, meter, |state, block, meter| {
        for pc in block.start..=block.end {
            meter.add(STEP_BASE_COST)?;
            if matches!(ctx.instr(pc)?, Bytecode::Ret) {
                meter.add_items(RET_PER_LOCAL_COST, state.locals.len())?;
            }
            step(ctx, &drops, state, pc)?;
        }
        Ok(())
    })
}

fn step(
    ctx: &FunctionContext<'_>,
    drops: &[bool],
    state: &mut State,
    pc: CodeOffset,
) -> PartialVMResult<()> {
    use Bytecode as B;
    let get = |state: &State, i: u8| -> PartialVMResult<Local> {
        state
            .locals
            .get(usize::from(i))
            .copied()
            .ok_or_else(|| invariant("local out of range"))
    };
    match ctx.instr(pc)? {
        B::CopyLoc(i) if get(state, *i)? != Local::Available => {
            return Err(ctx.err(StatusCode::COPYLOC_UNAVAILABLE_ERROR, pc));
        }
        B::MoveLoc(i) => {
            if get(state, *i)? != Local::Available {
                return Err(ctx.err(StatusCode::MOVELOC_UNAVAILABLE_ERROR, pc));
            }
            set(state, *i, Local::Unavailable)?;
        }
        B::StLoc(i) => {
            if get(state, *i)? != Local::Unavailable
                && !drops.get(usize::from(*i)).copied().unwrap_or(false)
            {
                return Err(ctx.err(StatusCode::STLOC_UNSAFE_TO_DESTROY_ERROR, pc));
            }
            set(state, *i, Local::Available)?;
        }
        B::MutBorrowLoc(i) | B::ImmBorrowLoc(i) if get(state, *i)? != Local::Available => {
            return Err(ctx.err(StatusCode::BORROWLOC_UNAVAILABLE_ERROR, pc));
        }
        B::Ret => {
            for (i, l) in state.locals.iter().enumerate() {
                if *l != Local::Unavailable && !drops.get(i).copied().unwrap_or(false) {
                    return Err(ctx.err(StatusCode::UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP, pc));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn set(state: &mut State, i: u8, v: Local) -> PartialVMResult<()> {
    *state
        .locals
        .get_mut(usize::from(i))
        .ok_or_else(|| invariant("local out of range"))? = v;
    Ok(())
}
