//! The per-function context shared by the code-unit passes, and a small forward abstract
//! interpreter (worklist over blocks in reverse post-order, join at merge points, fixpoint
//! detected by equality of states).

use std::collections::{BTreeMap, BTreeSet};

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

/// A state of a forward analysis.
pub(crate) trait AbstractState: Clone + PartialEq {
    /// Least upper bound of two states reaching the same block.
    fn join(&self, other: &Self) -> PartialVMResult<Self>;
}

/// Runs `exec` over the reachable blocks until no block's entry state changes.
///
/// `exec` transforms the entry state of a block into its exit state (and reports errors).
pub(crate) fn fixpoint<S: AbstractState>(
    cfg: &Cfg,
    init: S,
    meter: &mut Meter,
    mut exec: impl FnMut(&mut S, &Block, &mut Meter) -> PartialVMResult<()>,
) -> PartialVMResult<()> {
    let order: BTreeMap<BlockId, usize> =
        cfg.rpo.iter().enumerate().map(|(i, b)| (*b, i)).collect();
    let mut pre: BTreeMap<BlockId, S> = BTreeMap::new();
    pre.insert(0, init);
    let mut work: BTreeSet<(usize, BlockId)> = BTreeSet::new();
    work.insert((0, 0));
    while let Some((_, b)) = work.pop_first() {
        let block = cfg.block(b).ok_or_else(|| invariant("missing block"))?;
        let mut state = pre
            .get(&b)
            .cloned()
            .ok_or_else(|| invariant("missing block state"))?;
        exec(&mut state, block, meter)?;
        for s in &block.successors {
            let pos = *order
                .get(s)
                .ok_or_else(|| invariant("successor not in rpo"))?;
            match pre.get(s) {
                None => {
                    pre.insert(*s, state.clone());
                    work.insert((pos, *s));
                }
                Some(old) => {
                    let joined = old.join(&state)?;
                    if &joined != old {
                        pre.insert(*s, joined);
                        work.insert((pos, *s));
                    }
                }
            }
        }
    }
    Ok(())
}
