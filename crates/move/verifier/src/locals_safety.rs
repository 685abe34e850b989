//! Locals safety: a local is read (copy, move, borrow) only when it surely holds a value, and
//! no value without `drop` is overwritten or left behind at `Ret`.
//!
//! Each local is Available, Unavailable or MaybeAvailable (after a join of the first two).

use lumio_move_binary_format::file_format::{Bytecode, CodeOffset};
use lumio_move_core_types::StatusCode;

use crate::{
    absint::{AbstractState, FunctionContext, fixpoint},
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

impl AbstractState for State {
    fn join(&self, other: &Self) -> PartialVMResult<Self> {
        if self.locals.len() != other.locals.len() {
            return Err(invariant("locals safety: state size mismatch"));
        }
        let locals = self
            .locals
            .iter()
            .zip(&other.locals)
            .map(|(a, b)| if a == b { *a } else { Local::MaybeAvailable })
            .collect();
        Ok(State { locals })
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
        meter.add(u128::from(block.end - block.start) + 1 + n as u128 / 4)?;
        for pc in block.start..=block.end {
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
