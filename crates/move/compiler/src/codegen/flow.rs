//! Flow analyses over a function's blocks, and the final layout:
//!
//! 1. unreachable blocks are dropped (code after `return`, `abort`, `break`...);
//! 2. **liveness** (backward): a local is live at a point if some path from there reads it
//!    before writing it;
//! 3. **copy or move**: `Use(x, Infer)` becomes `MoveLoc` when `x` is dead afterwards, else
//!    `CopyLoc` (a value without `copy` is always moved; a dead local whose address is taken
//!    somewhere in the function and whose type has `copy` and `drop` is copied, because
//!    moving a borrowed local is a borrow error while copying it is not);
//! 4. **reference release**: a reference left in a local that is dead must not keep its
//!    borrow alive. A dead store of a reference becomes `Pop`, an explicit `copy r` at the
//!    last use of `r` becomes a move, and on every control-flow edge where a reference local
//!    is live at the source but dead at the target, `MoveLoc r; Pop` runs on that edge (at
//!    the start of the target when it has a single predecessor, else in a block inserted on
//!    the edge). Reference parameters never read are released at entry;
//! 5. **availability** (forward, per local: assigned / unassigned / maybe): a use of a local
//!    not definitely assigned is `UseAfterMove` (601); a value without `drop` overwritten,
//!    or still in a local at a return, is `UnusedResource` (602);
//! 6. layout: blocks in placement order, jumps to the next block dropped, labels resolved to
//!    offsets, one span per instruction.

use lumio_move_binary_format::file_format::{AbilitySet, Bytecode, CodeOffset, LocalIndex};

use super::context::{GenError, GenResult, bug};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::tast::UseKind;

/// A block, named by its index.
pub(crate) type Label = u32;

/// An instruction before the flow analyses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// A finished instruction (branches are terminators, never here).
    Code(Bytecode),
    /// Push a local's value; copy or move decided by liveness when `Infer`.
    Use(LocalIndex, UseKind),
}

/// How a block ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Term {
    /// Continue at a block.
    Jump(Label),
    /// Pop a bool: true → first, false → second.
    Cond(Label, Label),
    /// Return the values on the stack.
    Ret,
    /// Abort with the code on the stack.
    Abort,
}

impl Term {
    fn successors(self) -> Vec<Label> {
        match self {
            Term::Jump(l) => vec![l],
            Term::Cond(t, f) if t == f => vec![t],
            Term::Cond(t, f) => vec![t, f],
            Term::Ret | Term::Abort => vec![],
        }
    }
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Block {
    pub(crate) code: Vec<(Op, Span)>,
    pub(crate) term: Option<(Term, Span)>,
}

/// What the analyses need to know of a bytecode local.
#[derive(Clone, Debug)]
pub(crate) struct LocalInfo {
    /// Source name (`$tN` for temporaries).
    pub(crate) name: String,
    /// Where it is declared.
    pub(crate) span: Span,
    /// Holds a reference.
    pub(crate) is_ref: bool,
    /// Abilities of its type.
    pub(crate) abilities: AbilitySet,
    /// `&x` / `&mut x` appears somewhere in the function.
    pub(crate) borrowed: bool,
    /// A temporary introduced by code generation.
    pub(crate) temp: bool,
}

/// A set of locals (at most 256).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LocalSet([u64; 4]);

impl LocalSet {
    fn has(&self, l: LocalIndex) -> bool {
        self.0[(l >> 6) as usize] & (1 << (l & 63)) != 0
    }
    fn add(&mut self, l: LocalIndex) {
        self.0[(l >> 6) as usize] |= 1 << (l & 63);
    }
    fn remove(&mut self, l: LocalIndex) {
        self.0[(l >> 6) as usize] &= !(1 << (l & 63));
    }
    fn union(&mut self, o: &LocalSet) {
        for i in 0..4 {
            self.0[i] |= o.0[i];
        }
    }
}

/// Applies `op` to the live set going backward.
fn live_step(op: &Op, live: &mut LocalSet) {
    match op {
        Op::Use(l, _)
        | Op::Code(
            Bytecode::CopyLoc(l)
            | Bytecode::MoveLoc(l)
            | Bytecode::ImmBorrowLoc(l)
            | Bytecode::MutBorrowLoc(l),
        ) => live.add(*l),
        Op::Code(Bytecode::StLoc(l)) => live.remove(*l),
        Op::Code(_) => {}
    }
}

/// The finished code of a function: instructions and one span per instruction.
pub(crate) struct Finished {
    pub(crate) code: Vec<Bytecode>,
    pub(crate) spans: Vec<Span>,
}

/// Runs the analyses and lays the blocks out. `order` lists the blocks in placement order
/// (the first is the entry); the first `num_params` locals are the parameters.
pub(crate) fn finish(
    mut blocks: Vec<Block>,
    order: &[Label],
    locals: &[LocalInfo],
    num_params: usize,
    diags: &mut Vec<Diagnostic>,
) -> GenResult<Finished> {
    let Some(&entry) = order.first() else {
        return bug("a function without blocks");
    };
    // 1. Reachability.
    let mut reachable = vec![false; blocks.len()];
    let mut stack = vec![entry];
    while let Some(b) = stack.pop() {
        let Some(slot) = reachable.get_mut(b as usize) else {
            return bug("jump to an unknown block");
        };
        if *slot {
            continue;
        }
        *slot = true;
        match blocks[b as usize].term {
            Some((t, _)) => stack.extend(t.successors()),
            None => return bug("a reachable block without terminator"),
        }
    }
    let mut order: Vec<Label> = order
        .iter()
        .copied()
        .filter(|b| reachable[*b as usize])
        .collect();

    // 2. Liveness.
    let live_in = liveness(&blocks, &order);
    let live_out = |blocks: &[Block], live_in: &[LocalSet], b: Label| -> LocalSet {
        let mut out = LocalSet::default();
        if let Some((t, _)) = blocks[b as usize].term {
            for s in t.successors() {
                out.union(&live_in[s as usize]);
            }
        }
        out
    };

    // 3. Copy or move; 4a. in-block reference release.
    for &b in &order {
        let mut live = live_out(&blocks, &live_in, b);
        let block = &mut blocks[b as usize];
        for (op, _) in block.code.iter_mut().rev() {
            let after = live;
            live_step(op, &mut live);
            match *op {
                Op::Use(l, kind) => {
                    let info = &locals[l as usize];
                    let copy = match kind {
                        UseKind::Copy => true,
                        UseKind::Move => false,
                        UseKind::Infer => {
                            if after.has(l) {
                                info.abilities.has_copy()
                            } else {
                                info.borrowed
                                    && info.abilities.has_copy()
                                    && info.abilities.has_drop()
                            }
                        }
                    };
                    *op = Op::Code(if copy && (!info.is_ref || after.has(l)) {
                        Bytecode::CopyLoc(l)
                    } else {
                        Bytecode::MoveLoc(l)
                    });
                }
                Op::Code(Bytecode::StLoc(l)) if locals[l as usize].is_ref && !after.has(l) => {
                    *op = Op::Code(Bytecode::Pop);
                }
                Op::Code(Bytecode::CopyLoc(l)) if locals[l as usize].is_ref && !after.has(l) => {
                    *op = Op::Code(Bytecode::MoveLoc(l));
                }
                _ => {}
            }
        }
    }

    // 4b. Reference release on edges and at entry.
    let mut preds = vec![0usize; blocks.len()];
    for &b in &order {
        if let Some((t, _)) = blocks[b as usize].term {
            for s in t.successors() {
                preds[s as usize] += 1;
            }
        }
    }
    let release = |set: LocalSet, span: Span| -> Vec<(Op, Span)> {
        let mut code = Vec::new();
        for l in 0..locals.len() {
            let l = l as LocalIndex;
            if set.has(l) {
                code.push((Op::Code(Bytecode::MoveLoc(l)), span));
                code.push((Op::Code(Bytecode::Pop), span));
            }
        }
        code
    };
    let mut refs = LocalSet::default();
    for (i, l) in locals.iter().enumerate() {
        if l.is_ref {
            refs.add(i as LocalIndex);
        }
    }
    let mut new_order = Vec::with_capacity(order.len());
    let mut prepend: Vec<Vec<(Op, Span)>> = vec![Vec::new(); blocks.len()];
    {
        // Parameters holding references that nothing reads.
        let mut unused = LocalSet::default();
        for p in 0..num_params {
            let p = p as LocalIndex;
            if refs.has(p) && !live_in[entry as usize].has(p) {
                unused.add(p);
            }
        }
        let span = blocks[entry as usize]
            .code
            .first()
            .map(|(_, s)| *s)
            .or(blocks[entry as usize].term.map(|(_, s)| s))
            .unwrap_or_default();
        prepend[entry as usize] = release(unused, span);
    }
    for &b in &order {
        new_order.push(b);
        let Some((term, span)) = blocks[b as usize].term else {
            continue;
        };
        let out = live_out(&blocks, &live_in, b);
        let mut new_term = term;
        for s in term.successors() {
            let mut dead = LocalSet::default();
            for l in 0..locals.len() {
                let l = l as LocalIndex;
                if refs.has(l) && out.has(l) && !live_in[s as usize].has(l) {
                    dead.add(l);
                }
            }
            if dead == LocalSet::default() {
                continue;
            }
            if preds[s as usize] == 1 && s != entry {
                prepend[s as usize].extend(release(dead, span));
            } else {
                // A block on the edge.
                blocks.push(Block {
                    code: release(dead, span),
                    term: Some((Term::Jump(s), span)),
                });
                prepend.push(Vec::new());
                let t = (blocks.len() - 1) as Label;
                new_order.push(t);
                new_term = match new_term {
                    Term::Jump(_) => Term::Jump(t),
                    Term::Cond(x, y) => {
                        Term::Cond(if x == s { t } else { x }, if y == s { t } else { y })
                    }
                    other => other,
                };
            }
        }
        blocks[b as usize].term = Some((new_term, span));
    }
    for (b, pre) in prepend.into_iter().enumerate() {
        if !pre.is_empty() {
            let code = std::mem::take(&mut blocks[b].code);
            blocks[b].code = pre;
            blocks[b].code.extend(code);
        }
    }
    order = new_order;

    // 5. Availability.
    availability(&blocks, &order, locals, num_params, diags);

    // 6. Layout.
    layout(&blocks, &order)
}

/// Live-in sets of every block (indexed by label; unreachable blocks stay empty).
fn liveness(blocks: &[Block], order: &[Label]) -> Vec<LocalSet> {
    let mut live_in = vec![LocalSet::default(); blocks.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().rev() {
            let block = &blocks[b as usize];
            let mut live = LocalSet::default();
            if let Some((t, _)) = block.term {
                for s in t.successors() {
                    live.union(&live_in[s as usize]);
                }
            }
            for (op, _) in block.code.iter().rev() {
                live_step(op, &mut live);
            }
            if live != live_in[b as usize] {
                live_in[b as usize] = live;
                changed = true;
            }
        }
    }
    live_in
}

/// Whether a local holds a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Avail {
    /// On every path.
    Yes,
    /// On no path; moved at the span, if moved.
    No(Option<Span>),
    /// On some paths only; moved at the span, if moved.
    Maybe(Option<Span>),
}

impl Avail {
    fn join(self, o: Avail) -> Avail {
        match (self, o) {
            (Avail::Yes, Avail::Yes) => Avail::Yes,
            (Avail::No(a), Avail::No(b)) => Avail::No(a.or(b)),
            (Avail::No(a) | Avail::Maybe(a), Avail::Yes)
            | (Avail::Yes, Avail::No(a) | Avail::Maybe(a)) => Avail::Maybe(a),
            (Avail::No(a) | Avail::Maybe(a), Avail::No(b) | Avail::Maybe(b)) => {
                Avail::Maybe(a.or(b))
            }
        }
    }

    fn moved_at(self) -> Option<Span> {
        match self {
            Avail::Yes => None,
            Avail::No(s) | Avail::Maybe(s) => s,
        }
    }
}

fn availability(
    blocks: &[Block],
    order: &[Label],
    locals: &[LocalInfo],
    num_params: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let start: Vec<Avail> = (0..locals.len())
        .map(|i| {
            if i < num_params {
                Avail::Yes
            } else {
                Avail::No(None)
            }
        })
        .collect();
    let mut ins: Vec<Option<Vec<Avail>>> = vec![None; blocks.len()];
    ins[order[0] as usize] = Some(start);
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order {
            let Some(mut state) = ins[b as usize].clone() else {
                continue;
            };
            transfer(&blocks[b as usize], &mut state, locals, None);
            if let Some((t, _)) = blocks[b as usize].term {
                for s in t.successors() {
                    let slot = &mut ins[s as usize];
                    let joined = match slot {
                        None => state.clone(),
                        Some(old) => old.iter().zip(&state).map(|(a, b)| a.join(*b)).collect(),
                    };
                    if slot.as_ref() != Some(&joined) {
                        *slot = Some(joined);
                        changed = true;
                    }
                }
            }
        }
    }
    for &b in order {
        if let Some(mut state) = ins[b as usize].clone() {
            transfer(&blocks[b as usize], &mut state, locals, Some(diags));
        }
    }
}

fn describe(l: &LocalInfo) -> String {
    if l.temp {
        "a temporary".to_string()
    } else {
        format!("local `{}`", l.name)
    }
}

fn transfer(
    block: &Block,
    state: &mut [Avail],
    locals: &[LocalInfo],
    mut diags: Option<&mut Vec<Diagnostic>>,
) {
    for (op, span) in &block.code {
        let Op::Code(b) = op else { continue };
        match b {
            Bytecode::CopyLoc(l)
            | Bytecode::MoveLoc(l)
            | Bytecode::ImmBorrowLoc(l)
            | Bytecode::MutBorrowLoc(l) => {
                let l = *l as usize;
                if state[l] != Avail::Yes {
                    if let Some(d) = diags.as_deref_mut() {
                        let what = match state[l] {
                            Avail::No(Some(_)) => "moved",
                            Avail::No(None) => "unassigned",
                            _ if state[l].moved_at().is_some() => "possibly moved",
                            _ => "possibly unassigned",
                        };
                        let mut diag = Diagnostic::error(
                            Code::UseAfterMove,
                            format!("use of {what} {}", describe(&locals[l])),
                            *span,
                            format!("used here, but {what}"),
                        );
                        if let Some(m) = state[l].moved_at() {
                            diag = diag.with_secondary(m, "moved here");
                        }
                        d.push(diag);
                    }
                    state[l] = Avail::Yes;
                }
                if let Bytecode::MoveLoc(_) = b {
                    state[l] = Avail::No(Some(*span));
                }
            }
            Bytecode::StLoc(l) => {
                let l = *l as usize;
                if !locals[l].abilities.has_drop()
                    && !matches!(state[l], Avail::No(_))
                    && let Some(d) = diags.as_deref_mut()
                {
                    d.push(Diagnostic::error(
                        Code::UnusedResource,
                        format!(
                            "{} is overwritten while it holds a value without `drop`",
                            describe(&locals[l])
                        ),
                        *span,
                        "the old value is lost here",
                    ));
                }
                state[l] = Avail::Yes;
            }
            _ => {}
        }
    }
    if let Some((Term::Ret, span)) = block.term
        && let Some(d) = diags
    {
        for (l, info) in locals.iter().enumerate() {
            if !info.abilities.has_drop() && matches!(state[l], Avail::Yes | Avail::Maybe(_)) {
                d.push(
                    Diagnostic::error(
                        Code::UnusedResource,
                        format!(
                            "{} still holds a value without `drop` when the function returns",
                            describe(info)
                        ),
                        span,
                        "returning here",
                    )
                    .with_secondary(info.span, "declared here")
                    .with_note("the value must be moved (used, stored, returned or unpacked)"),
                );
            }
        }
    }
}

/// Places the blocks in `order`, drops jumps to the next block and resolves labels.
fn layout(blocks: &[Block], order: &[Label]) -> GenResult<Finished> {
    let next_of = |k: usize| order.get(k + 1).copied();
    let term_len = |k: usize, t: Term| -> usize {
        match t {
            Term::Jump(l) => usize::from(next_of(k) != Some(l)),
            Term::Cond(t, f) => {
                if next_of(k) == Some(f) || next_of(k) == Some(t) {
                    1
                } else {
                    2
                }
            }
            Term::Ret | Term::Abort => 1,
        }
    };
    let mut offsets = vec![0usize; blocks.len()];
    let mut pc = 0usize;
    for (k, &b) in order.iter().enumerate() {
        offsets[b as usize] = pc;
        let block = &blocks[b as usize];
        pc += block.code.len();
        if let Some((t, _)) = block.term {
            pc += term_len(k, t);
        }
    }
    if pc > usize::from(u16::MAX) {
        return Err(GenError::Limit(format!(
            "a function may have at most {} instructions (this one has {pc})",
            u16::MAX
        )));
    }
    let off = |l: Label| offsets[l as usize] as CodeOffset;
    let mut code = Vec::with_capacity(pc);
    let mut spans = Vec::with_capacity(pc);
    for (k, &b) in order.iter().enumerate() {
        let block = &blocks[b as usize];
        for (op, span) in &block.code {
            match op {
                Op::Code(c) => code.push(c.clone()),
                Op::Use(..) => return bug("unresolved use"),
            }
            spans.push(*span);
        }
        let Some((t, span)) = block.term else {
            return bug("a block without terminator");
        };
        let next = next_of(k);
        match t {
            Term::Jump(l) => {
                if next != Some(l) {
                    code.push(Bytecode::Branch(off(l)));
                    spans.push(span);
                }
            }
            Term::Cond(t, f) => {
                if next == Some(f) {
                    code.push(Bytecode::BrTrue(off(t)));
                    spans.push(span);
                } else if next == Some(t) {
                    code.push(Bytecode::BrFalse(off(f)));
                    spans.push(span);
                } else {
                    code.push(Bytecode::BrTrue(off(t)));
                    code.push(Bytecode::Branch(off(f)));
                    spans.push(span);
                    spans.push(span);
                }
            }
            Term::Ret => {
                code.push(Bytecode::Ret);
                spans.push(span);
            }
            Term::Abort => {
                code.push(Bytecode::Abort);
                spans.push(span);
            }
        }
    }
    Ok(Finished { code, spans })
}
