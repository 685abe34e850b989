//! Control-flow graph of one code unit: basic blocks, successors, reverse post-order,
//! back edges and loop nesting.
//!
//! Built only after the bounds checker has accepted every branch target, but still never
//! indexes blindly: a bad target yields an invariant-violation error instead of a panic.

use std::collections::{BTreeMap, BTreeSet};

use lumio_move_binary_format::file_format::{Bytecode, CodeOffset};

/// Index of a block = code offset of its first instruction.
pub(crate) type BlockId = CodeOffset;

/// One basic block: instructions `start..=end`.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub(crate) start: CodeOffset,
    pub(crate) end: CodeOffset,
    pub(crate) successors: Vec<BlockId>,
}

/// The control-flow graph.
#[derive(Debug, Clone)]
pub(crate) struct Cfg {
    pub(crate) blocks: BTreeMap<BlockId, Block>,
    /// Reachable blocks in reverse post-order from the entry.
    pub(crate) rpo: Vec<BlockId>,
    /// Back edges `(tail, head)` of a depth-first search from the entry.
    pub(crate) back_edges: Vec<(BlockId, BlockId)>,
}

/// Whether the instruction always transfers control (nothing falls through after it).
pub(crate) fn is_unconditional_branch(instr: &Bytecode) -> bool {
    matches!(
        instr,
        Bytecode::Ret | Bytecode::Abort | Bytecode::AbortMsg | Bytecode::Branch(_)
    )
}

/// Whether the instruction ends a block.
pub(crate) fn is_branch(instr: &Bytecode) -> bool {
    is_unconditional_branch(instr) || matches!(instr, Bytecode::BrTrue(_) | Bytecode::BrFalse(_))
}

/// Branch targets named by the instruction.
pub(crate) fn branch_targets(instr: &Bytecode) -> Option<CodeOffset> {
    match instr {
        Bytecode::Branch(t) | Bytecode::BrTrue(t) | Bytecode::BrFalse(t) => Some(*t),
        _ => None,
    }
}

/// Why a CFG could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CfgError {
    /// Empty code.
    Empty,
    /// A branch target is outside the code (bounds checker should have caught it).
    BadTarget(CodeOffset),
    /// Control falls through past the last instruction.
    FallThrough,
}

impl Cfg {
    /// Builds the graph. The code must be non-empty and all targets in range.
    pub(crate) fn new(code: &[Bytecode]) -> Result<Self, CfgError> {
        let len = code.len();
        if len == 0 {
            return Err(CfgError::Empty);
        }
        if len > usize::from(u16::MAX) + 1 {
            return Err(CfgError::BadTarget(u16::MAX));
        }
        let mut starts: BTreeSet<CodeOffset> = BTreeSet::new();
        starts.insert(0);
        for (pc, instr) in code.iter().enumerate() {
            if let Some(t) = branch_targets(instr) {
                if usize::from(t) >= len {
                    return Err(CfgError::BadTarget(t));
                }
                starts.insert(t);
            }
            if is_branch(instr) && pc + 1 < len {
                starts.insert((pc + 1) as CodeOffset);
            }
        }
        let starts_v: Vec<CodeOffset> = starts.iter().copied().collect();
        let mut blocks = BTreeMap::new();
        for (i, &start) in starts_v.iter().enumerate() {
            let end = match starts_v.get(i + 1) {
                Some(next) => next - 1,
                None => (len - 1) as CodeOffset,
            };
            let last = code.get(usize::from(end)).ok_or(CfgError::BadTarget(end))?;
            let next = usize::from(end) + 1;
            let mut successors = Vec::new();
            match last {
                Bytecode::Ret | Bytecode::Abort | Bytecode::AbortMsg => {}
                Bytecode::Branch(t) => successors.push(*t),
                Bytecode::BrTrue(t) | Bytecode::BrFalse(t) => {
                    successors.push(*t);
                    if next >= len {
                        return Err(CfgError::FallThrough);
                    }
                    if next as CodeOffset != *t {
                        successors.push(next as CodeOffset);
                    }
                }
                _ => {
                    if next >= len {
                        return Err(CfgError::FallThrough);
                    }
                    successors.push(next as CodeOffset);
                }
            }
            blocks.insert(
                start,
                Block {
                    start,
                    end,
                    successors,
                },
            );
        }
        let (rpo, back_edges) = dfs(&blocks);
        Ok(Cfg {
            blocks,
            rpo,
            back_edges,
        })
    }

    /// The block starting at `id`.
    pub(crate) fn block(&self, id: BlockId) -> Option<&Block> {
        self.blocks.get(&id)
    }

    /// Number of blocks (reachable or not).
    pub(crate) fn num_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Checks that the graph is reducible: every retreating edge of the DFS targets a block
    /// that dominates its source. Returns the offending edge otherwise.
    pub(crate) fn check_reducible(&self) -> Result<(), (BlockId, BlockId)> {
        let doms = self.dominators();
        for &(tail, head) in &self.back_edges {
            if !dominates(&doms, head, tail) {
                return Err((tail, head));
            }
        }
        Ok(())
    }

    /// Maximum loop nesting depth (0 for straight-line code). Only meaningful on reducible
    /// graphs.
    pub(crate) fn max_loop_depth(&self) -> usize {
        // Natural loop of each head: union over its back edges.
        let mut loops: BTreeMap<BlockId, BTreeSet<BlockId>> = BTreeMap::new();
        let preds = self.predecessors();
        for &(tail, head) in &self.back_edges {
            let body = loops.entry(head).or_insert_with(|| BTreeSet::from([head]));
            let mut stack = vec![tail];
            while let Some(b) = stack.pop() {
                if body.insert(b)
                    && let Some(ps) = preds.get(&b)
                {
                    stack.extend(ps.iter().copied());
                }
            }
        }
        let mut depth: BTreeMap<BlockId, usize> = BTreeMap::new();
        for body in loops.values() {
            for b in body {
                *depth.entry(*b).or_default() += 1;
            }
        }
        depth.values().copied().max().unwrap_or(0)
    }

    fn predecessors(&self) -> BTreeMap<BlockId, Vec<BlockId>> {
        let mut preds: BTreeMap<BlockId, Vec<BlockId>> = BTreeMap::new();
        for b in &self.rpo {
            if let Some(block) = self.blocks.get(b) {
                for s in &block.successors {
                    preds.entry(*s).or_default().push(*b);
                }
            }
        }
        preds
    }

    /// Immediate dominators of reachable blocks (Cooper, Harvey, Kennedy).
    fn dominators(&self) -> BTreeMap<BlockId, BlockId> {
        let order: BTreeMap<BlockId, usize> =
            self.rpo.iter().enumerate().map(|(i, b)| (*b, i)).collect();
        let preds = self.predecessors();
        let mut idom: BTreeMap<BlockId, BlockId> = BTreeMap::new();
        let Some(&entry) = self.rpo.first() else {
            return idom;
        };
        idom.insert(entry, entry);
        let mut changed = true;
        while changed {
            changed = false;
            for &b in self.rpo.iter().skip(1) {
                let mut new_idom: Option<BlockId> = None;
                for &p in preds.get(&b).map(Vec::as_slice).unwrap_or(&[]) {
                    if !idom.contains_key(&p) {
                        continue;
                    }
                    new_idom = Some(match new_idom {
                        None => p,
                        Some(cur) => intersect(&idom, &order, p, cur),
                    });
                }
                if let Some(n) = new_idom
                    && idom.get(&b) != Some(&n)
                {
                    idom.insert(b, n);
                    changed = true;
                }
            }
        }
        idom
    }
}

fn intersect(
    idom: &BTreeMap<BlockId, BlockId>,
    order: &BTreeMap<BlockId, usize>,
    mut a: BlockId,
    mut b: BlockId,
) -> BlockId {
    let ord = |x: BlockId| order.get(&x).copied().unwrap_or(usize::MAX);
    // Bounded by the number of blocks; the guard keeps a malformed map from looping.
    for _ in 0..=2 * order.len() {
        if a == b {
            return a;
        }
        while ord(a) > ord(b) {
            match idom.get(&a) {
                Some(&n) if n != a => a = n,
                _ => return b,
            }
        }
        while ord(b) > ord(a) {
            match idom.get(&b) {
                Some(&n) if n != b => b = n,
                _ => return a,
            }
        }
    }
    a
}

fn dominates(idom: &BTreeMap<BlockId, BlockId>, a: BlockId, mut b: BlockId) -> bool {
    for _ in 0..=idom.len() {
        if a == b {
            return true;
        }
        match idom.get(&b) {
            Some(&n) if n != b => b = n,
            _ => return false,
        }
    }
    false
}

/// Iterative DFS: reverse post-order of reachable blocks and retreating edges.
fn dfs(blocks: &BTreeMap<BlockId, Block>) -> (Vec<BlockId>, Vec<(BlockId, BlockId)>) {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Mark {
        OnStack,
        Done,
    }
    let mut mark: BTreeMap<BlockId, Mark> = BTreeMap::new();
    let mut post = Vec::new();
    let mut back = Vec::new();
    // Stack of (block, next successor index).
    let mut stack: Vec<(BlockId, usize)> = vec![(0, 0)];
    mark.insert(0, Mark::OnStack);
    while let Some(&mut (b, ref mut i)) = stack.last_mut() {
        let succs: &[BlockId] = blocks
            .get(&b)
            .map(|x| x.successors.as_slice())
            .unwrap_or(&[]);
        if let Some(&s) = succs.get(*i) {
            *i += 1;
            match mark.get(&s) {
                None => {
                    mark.insert(s, Mark::OnStack);
                    stack.push((s, 0));
                }
                Some(Mark::OnStack) => back.push((b, s)),
                Some(Mark::Done) => {}
            }
        } else {
            mark.insert(b, Mark::Done);
            post.push(b);
            stack.pop();
        }
    }
    post.reverse();
    (post, back)
}

/// The order in which the abstract interpreters visit blocks, and the back edges that send them
/// back to a loop head, as the Move verifier computes them (Bourdoncle's depth-first numbering
/// with an explicit stack, successors pushed in ascending order). Following the same order makes
/// the metered work, and the fixpoint reached, the same as Aptos's.
pub(crate) fn traversal(
    blocks: &BTreeMap<BlockId, Block>,
) -> (Vec<BlockId>, BTreeSet<(BlockId, BlockId)>) {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Seen {
        InProgress,
        Done,
    }
    let mut seen: BTreeMap<BlockId, Seen> = BTreeMap::new();
    let mut back = BTreeSet::new();
    let mut post = Vec::with_capacity(blocks.len());
    let mut stack: Vec<BlockId> = vec![0];
    while let Some(b) = stack.pop() {
        match seen.get(&b) {
            None => {
                seen.insert(b, Seen::InProgress);
                stack.push(b);
                let mut succs: Vec<BlockId> = blocks
                    .get(&b)
                    .map(|x| x.successors.clone())
                    .unwrap_or_default();
                succs.sort_unstable();
                succs.dedup();
                for s in succs {
                    match seen.get(&s) {
                        None => stack.push(s),
                        Some(Seen::InProgress) => {
                            back.insert((b, s));
                        }
                        Some(Seen::Done) => {}
                    }
                }
            }
            Some(Seen::Done) => {}
            Some(Seen::InProgress) => {
                post.push(b);
                seen.insert(b, Seen::Done);
            }
        }
    }
    post.reverse();
    (post, back)
}
