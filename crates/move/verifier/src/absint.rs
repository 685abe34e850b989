//! The per-function context shared by the code-unit passes, and a small forward abstract
//! interpreter (blocks in the Move verifier's traversal order, join at merge points, back to a
//! loop head when a back edge changed its state, fixpoint when no join changes anything).

use std::collections::BTreeMap;

use lumio_move_binary_format::file_format::{
    Bytecode, CodeOffset, CompiledModule, FunctionDefinitionIndex, SignatureToken,
    StructDefinitionIndex,
};
use lumio_move_core_types::{AbilitySet, StatusCode};

use crate::{
    access::invariant,
    cfg::{Block, BlockId, Cfg},
    error::{PartialVMError, PartialVMResult},
    meter::Meter,
};

/// Everything a code-unit pass needs to know about the function it checks.
pub(crate) struct FunctionContext<'a> {
    /// The module (a script is verified as a module with one function).
    pub(crate) module: &'a CompiledModule,
    /// Index of the function definition (0 for a script).
    pub(crate) index: FunctionDefinitionIndex,
    /// The instructions.
    pub(crate) code: &'a [Bytecode],
    /// Its control-flow graph.
    pub(crate) cfg: Cfg,
    /// Parameter types (the first locals).
    pub(crate) parameters: &'a [SignatureToken],
    /// Non-parameter local types.
    pub(crate) locals: &'a [SignatureToken],
    /// Return types.
    pub(crate) returns: &'a [SignatureToken],
    /// Constraints of the function's type parameters.
    pub(crate) type_parameters: &'a [AbilitySet],
    /// Declared `acquires` list.
    pub(crate) acquires: &'a [StructDefinitionIndex],
}

impl FunctionContext<'_> {
    /// Total number of locals (parameters first).
    pub(crate) fn num_locals(&self) -> usize {
        self.parameters.len() + self.locals.len()
    }

    /// Type of local `i`.
    pub(crate) fn local_type(&self, i: u8) -> PartialVMResult<&SignatureToken> {
        let i = usize::from(i);
        match i.checked_sub(self.parameters.len()) {
            None => self.parameters.get(i),
            Some(j) => self.locals.get(j),
        }
        .ok_or_else(|| invariant(format!("local {i} out of range")))
    }

    /// An error at `offset` of this function.
    pub(crate) fn err(&self, code: StatusCode, offset: CodeOffset) -> PartialVMError {
        PartialVMError::new(code).at_code_offset(self.index, offset)
    }

    /// The instruction at `pc`.
    pub(crate) fn instr(&self, pc: CodeOffset) -> PartialVMResult<&Bytecode> {
        self.code
            .get(usize::from(pc))
            .ok_or_else(|| invariant(format!("pc {pc} out of range")))
    }
}

/// Whether a join changed the state it was applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JoinResult {
    /// The old state already covered the incoming one.
    Unchanged,
    /// The old state was widened.
    Changed,
}

/// A state of a forward analysis.
pub(crate) trait AbstractState: Clone {
    /// Joins `other` (a state reaching the same block) into `self`, charging the meter.
    fn join(&mut self, other: &Self, meter: &mut Meter) -> PartialVMResult<JoinResult>;
}

/// Runs `exec` over the reachable blocks until no block's entry state changes.
///
/// `exec` transforms the entry state of a block into its exit state (and reports errors).
/// Blocks are visited in the Move verifier's traversal order ([`crate::cfg::traversal`]); when
/// the join into a loop head over a back edge changes its state, the visit jumps back to it.
/// The same order as Aptos's makes the metered work the same too.
pub(crate) fn fixpoint<S: AbstractState>(
    cfg: &Cfg,
    init: S,
    meter: &mut Meter,
    mut exec: impl FnMut(&mut S, &Block, &mut Meter) -> PartialVMResult<()>,
) -> PartialVMResult<()> {
    let (order, back_edges) = crate::cfg::traversal(&cfg.blocks);
    let next_of: BTreeMap<BlockId, BlockId> = order.windows(2).map(|w| (w[0], w[1])).collect();
    let mut pre: BTreeMap<BlockId, S> = BTreeMap::new();
    pre.insert(0, init);
    let mut next = Some(0);
    while let Some(b) = next {
        let Some(entry) = pre.get(&b) else {
            next = next_of.get(&b).copied();
            continue;
        };
        let block = cfg.block(b).ok_or_else(|| invariant("missing block"))?;
        let mut state = entry.clone();
        exec(&mut state, block, meter)?;
        let mut candidate = next_of.get(&b).copied();
        for s in &block.successors {
            match pre.get_mut(s) {
                Some(old) => {
                    if old.join(&state, meter)? == JoinResult::Changed
                        && back_edges.contains(&(b, *s))
                    {
                        candidate = Some(*s);
                    }
                }
                None => {
                    pre.insert(*s, state.clone());
                }
            }
        }
        next = candidate;
    }
    Ok(())
}
