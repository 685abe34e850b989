//! Abstract state of reference safety: what each local holds (a reference node or a plain
//! value) plus the borrow graph.
//!
//! Node ids follow the Move verifier's numbering: at block boundaries the reference held by
//! local `i` is node `i` (the state is *canonical*), node `num_locals` is the frame root, and
//! fresh references inside a block count up from `num_locals + 1`. Locals are borrowed from the
//! frame root with a strong `Local(i)` label, global resources with a weak `Global(struct def)`
//! label. Canonical states of different paths are joined and compared by subsumption.
//!
//! The rule of each instruction is written down in `docs/verifier.md` ("Reference safety").

use std::collections::{BTreeMap, BTreeSet};

use lumio_move_binary_format::file_format::{CodeOffset, FunctionDefinitionIndex};
use lumio_move_core_types::StatusCode;

use super::borrow_graph::{BorrowGraph, GraphInvariant, Label, RefId};
use crate::{
    absint::{AbstractState, JoinResult},
    access::invariant,
    error::{PartialVMError, PartialVMResult},
    meter::Meter,
};

/// Aptos's reference-safety meter charges.
pub(crate) const STEP_BASE_COST: u128 = 10;
pub(crate) const STEP_PER_LOCAL_COST: u128 = 20;
pub(crate) const STEP_PER_GRAPH_ITEM_COST: u128 = 50;
const JOIN_BASE_COST: u128 = 100;
const JOIN_PER_LOCAL_COST: u128 = 10;
const JOIN_PER_GRAPH_ITEM_COST: u128 = 50;
const REF_PARAM_EDGE_COST: u128 = 100;
const REF_PARAM_EDGE_COST_GROWTH: f32 = 1.5;
const CALL_PER_ACQUIRES_COST: u128 = 100;

/// A value on the stack or in a local.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbsValue {
    /// A reference, tracked as a node of the graph.
    Ref(RefId),
    /// Anything else (also: a local without a value).
    NonRef,
}

impl AbsValue {
    pub(crate) fn ref_id(self) -> Option<RefId> {
        match self {
            AbsValue::Ref(id) => Some(id),
            AbsValue::NonRef => None,
        }
    }
}

impl From<GraphInvariant> for PartialVMError {
    fn from(_: GraphInvariant) -> Self {
        invariant("reference safety: borrow graph used inconsistently")
    }
}

/// The state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    locals: Vec<AbsValue>,
    graph: BorrowGraph,
    next_id: usize,
    index: FunctionDefinitionIndex,
}

impl State {
    /// Entry state: reference parameters get nodes, everything else is a plain value.
    pub(crate) fn new(
        index: FunctionDefinitionIndex,
        num_locals: usize,
        params: impl Iterator<Item = Option<bool>>,
    ) -> PartialVMResult<Self> {
        let mut graph = BorrowGraph::new();
        let mut locals = vec![AbsValue::NonRef; num_locals];
        for (i, p) in params.enumerate() {
            if let Some(mutable) = p {
                let slot = locals
                    .get_mut(i)
                    .ok_or_else(|| invariant("param out of range"))?;
                graph.new_ref(RefId(i), mutable)?;
                *slot = AbsValue::Ref(RefId(i));
            }
        }
        graph.new_ref(RefId(num_locals), true)?;
        Ok(State {
            locals,
            graph,
            next_id: num_locals + 1,
            index,
        })
    }

    /// The per-step charge: base + per local + per graph item.
    pub(crate) fn charge_step(&self, meter: &mut Meter) -> PartialVMResult<()> {
        meter.add(STEP_BASE_COST)?;
        meter.add_items(STEP_PER_LOCAL_COST, self.locals.len())?;
        meter.add_items(STEP_PER_GRAPH_ITEM_COST, self.graph.size())
    }

    fn frame_root(&self) -> RefId {
        RefId(self.locals.len())
    }

    fn error(&self, code: StatusCode, offset: CodeOffset) -> PartialVMError {
        PartialVMError::new(code).at_code_offset(self.index, offset)
    }

    fn new_ref(&mut self, mutable: bool) -> PartialVMResult<RefId> {
        let id = RefId(self.next_id);
        self.next_id = self
            .next_id
            .checked_add(1)
            .ok_or_else(|| invariant("ref id overflow"))?;
        self.graph.new_ref(id, mutable)?;
        Ok(id)
    }

    fn local_mut(&mut self, i: u8) -> PartialVMResult<&mut AbsValue> {
        self.locals
            .get_mut(usize::from(i))
            .ok_or_else(|| invariant("reference safety: local out of range"))
    }

    pub(crate) fn release(&mut self, v: AbsValue) -> PartialVMResult<()> {
        if let AbsValue::Ref(id) = v {
            self.graph.release(id)?;
        }
        Ok(())
    }

    // ---- queries ----

    /// Whether `id` has borrowers that conflict with an access to `label` (all of `id` when
    /// `None`): full borrowers always do, labelled ones when the label matches (or any label
    /// when `None`). With `mutable_only`, only mutable borrowers count.
    fn has_borrows(
        &self,
        id: RefId,
        label: Option<Label>,
        mutable_only: bool,
    ) -> PartialVMResult<bool> {
        let b = self.graph.borrowed_by(id)?;
        let any = |set: &BTreeSet<RefId>| -> PartialVMResult<bool> {
            if !mutable_only {
                return Ok(!set.is_empty());
            }
            for c in set {
                if self.graph.is_mutable(*c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        };
        if any(&b.full)? {
            return Ok(true);
        }
        match label {
            None => {
                for set in b.fields.values() {
                    if any(set)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(l) => match b.fields.get(&l) {
                Some(set) => any(set),
                None => Ok(false),
            },
        }
    }

    fn is_writable(&self, id: RefId) -> PartialVMResult<bool> {
        Ok(!self.has_borrows(id, None, false)?)
    }

    fn is_freezable(&self, id: RefId, label: Option<Label>) -> PartialVMResult<bool> {
        Ok(!self.has_borrows(id, label, true)?)
    }

    fn is_readable(&self, id: RefId, label: Option<Label>) -> PartialVMResult<bool> {
        Ok(!self.graph.is_mutable(id)? || self.is_freezable(id, label)?)
    }

    fn is_local_borrowed(&self, i: u8) -> PartialVMResult<bool> {
        self.has_borrows(self.frame_root(), Some(Label::Local(i)), false)
    }

    fn is_local_mutably_borrowed(&self, i: u8) -> PartialVMResult<bool> {
        self.has_borrows(self.frame_root(), Some(Label::Local(i)), true)
    }

    fn is_global_borrowed(&self, sd: u16) -> PartialVMResult<bool> {
        self.has_borrows(self.frame_root(), Some(Label::Global(sd)), false)
    }

    fn is_global_mutably_borrowed(&self, sd: u16) -> PartialVMResult<bool> {
        self.has_borrows(self.frame_root(), Some(Label::Global(sd)), true)
    }

    // ---- transfer functions ----

    pub(crate) fn copy_loc(&mut self, pc: CodeOffset, i: u8) -> PartialVMResult<AbsValue> {
        match *self.local_mut(i)? {
            AbsValue::Ref(id) => {
                let new = self.new_ref(self.graph.is_mutable(id)?)?;
                self.graph.add_strong_borrow(id, new)?;
                Ok(AbsValue::Ref(new))
            }
            AbsValue::NonRef => {
                if self.is_local_mutably_borrowed(i)? {
                    return Err(self.error(StatusCode::COPYLOC_EXISTS_BORROW_ERROR, pc));
                }
                Ok(AbsValue::NonRef)
            }
        }
    }

    pub(crate) fn move_loc(&mut self, pc: CodeOffset, i: u8) -> PartialVMResult<AbsValue> {
        let old = std::mem::replace(self.local_mut(i)?, AbsValue::NonRef);
        if old == AbsValue::NonRef && self.is_local_borrowed(i)? {
            return Err(self.error(StatusCode::MOVELOC_EXISTS_BORROW_ERROR, pc));
        }
        Ok(old)
    }

    pub(crate) fn st_loc(&mut self, pc: CodeOffset, i: u8, v: AbsValue) -> PartialVMResult<()> {
        let old = std::mem::replace(self.local_mut(i)?, v);
        match old {
            AbsValue::Ref(id) => {
                self.graph.release(id)?;
                Ok(())
            }
            AbsValue::NonRef if self.is_local_borrowed(i)? => {
                Err(self.error(StatusCode::STLOC_UNSAFE_TO_DESTROY_ERROR, pc))
            }
            AbsValue::NonRef => Ok(()),
        }
    }

    pub(crate) fn freeze_ref(&mut self, pc: CodeOffset, v: AbsValue) -> PartialVMResult<AbsValue> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("freeze of non-reference"))?;
        if !self.is_freezable(id, None)? {
            return Err(self.error(StatusCode::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR, pc));
        }
        let new = self.new_ref(false)?;
        self.graph.add_strong_borrow(id, new)?;
        self.graph.release(id)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn comparison(
        &mut self,
        pc: CodeOffset,
        a: AbsValue,
        b: AbsValue,
    ) -> PartialVMResult<()> {
        if let (AbsValue::Ref(x), AbsValue::Ref(y)) = (a, b) {
            if !self.is_readable(x, None)? || !self.is_readable(y, None)? {
                return Err(self.error(StatusCode::READREF_EXISTS_MUTABLE_BORROW_ERROR, pc));
            }
            self.graph.release(x)?;
            self.graph.release(y)?;
        }
        Ok(())
    }

    pub(crate) fn read_ref(&mut self, pc: CodeOffset, v: AbsValue) -> PartialVMResult<()> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("read of non-reference"))?;
        if !self.is_readable(id, None)? {
            return Err(self.error(StatusCode::READREF_EXISTS_MUTABLE_BORROW_ERROR, pc));
        }
        self.graph.release(id)?;
        Ok(())
    }

    pub(crate) fn write_ref(&mut self, pc: CodeOffset, v: AbsValue) -> PartialVMResult<()> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("write of non-reference"))?;
        if !self.is_writable(id)? {
            return Err(self.error(StatusCode::WRITEREF_EXISTS_BORROW_ERROR, pc));
        }
        self.graph.release(id)?;
        Ok(())
    }

    pub(crate) fn borrow_loc(
        &mut self,
        pc: CodeOffset,
        mutable: bool,
        i: u8,
    ) -> PartialVMResult<AbsValue> {
        // A mutable borrow needs no check: the new reference factors the existing borrows of
        // the local, so they conflict with it when used.
        if !mutable && self.is_local_mutably_borrowed(i)? {
            return Err(self.error(StatusCode::BORROWLOC_EXISTS_BORROW_ERROR, pc));
        }
        let new = self.new_ref(mutable)?;
        let root = self.frame_root();
        self.graph
            .add_strong_field_borrow(root, Label::Local(i), new)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn borrow_field(
        &mut self,
        pc: CodeOffset,
        mutable: bool,
        v: AbsValue,
        label: Label,
    ) -> PartialVMResult<AbsValue> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("field borrow of non-reference"))?;
        let conflict = if mutable {
            // Borrows of this field are factored below the new reference; borrows of the
            // whole value conflict.
            !self.graph.borrowed_by(id)?.full.is_empty()
        } else {
            !self.is_readable(id, Some(label))?
        };
        if conflict {
            return Err(self.error(StatusCode::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR, pc));
        }
        let new = self.new_ref(mutable)?;
        self.graph.add_strong_field_borrow(id, label, new)?;
        self.graph.release(id)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn borrow_global(
        &mut self,
        pc: CodeOffset,
        mutable: bool,
        sd: u16,
    ) -> PartialVMResult<AbsValue> {
        if (mutable && self.is_global_borrowed(sd)?) || self.is_global_mutably_borrowed(sd)? {
            return Err(self.error(StatusCode::GLOBAL_REFERENCE_ERROR, pc));
        }
        let new = self.new_ref(mutable)?;
        let root = self.frame_root();
        self.graph
            .add_weak_field_borrow(root, Label::Global(sd), new)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn move_from(&mut self, pc: CodeOffset, sd: u16) -> PartialVMResult<()> {
        if self.is_global_borrowed(sd)? {
            return Err(self.error(StatusCode::GLOBAL_REFERENCE_ERROR, pc));
        }
        Ok(())
    }

    /// Vector operations that read (`mutable = false`: length) or change the vector (push,
    /// pop, swap).
    pub(crate) fn vector_op(
        &mut self,
        pc: CodeOffset,
        v: AbsValue,
        mutable: bool,
    ) -> PartialVMResult<()> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("vector op on non-reference"))?;
        if mutable && !self.is_writable(id)? {
            return Err(self.error(StatusCode::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR, pc));
        }
        self.graph.release(id)?;
        Ok(())
    }

    /// An element borrow: a weak borrow of the whole vector (elements are not told apart). A
    /// mutable one needs the vector reference writable; an immutable one is not checked, as in
    /// the Move verifier (a later write through the vector still conflicts with it).
    pub(crate) fn vector_element_borrow(
        &mut self,
        pc: CodeOffset,
        v: AbsValue,
        mutable: bool,
    ) -> PartialVMResult<AbsValue> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("vector borrow of non-reference"))?;
        if mutable && !self.is_writable(id)? {
            return Err(self.error(
                StatusCode::VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR,
                pc,
            ));
        }
        let new = self.new_ref(mutable)?;
        self.graph.add_weak_borrow(id, new)?;
        self.graph.release(id)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn test_variant(&mut self, pc: CodeOffset, v: AbsValue) -> PartialVMResult<()> {
        self.read_ref(pc, v)
    }

    /// A call: `acquires` are the resources the callee may touch in global storage; `returns`
    /// says for each return value whether it is a reference (and whether mutable).
    pub(crate) fn call(
        &mut self,
        pc: CodeOffset,
        args: &[AbsValue],
        acquires: &[u16],
        returns: &[Option<bool>],
        meter: &mut Meter,
    ) -> PartialVMResult<Vec<AbsValue>> {
        meter.add_items(CALL_PER_ACQUIRES_COST, acquires.len())?;
        for sd in acquires {
            if self.is_global_borrowed(*sd)? {
                return Err(self.error(StatusCode::GLOBAL_REFERENCE_ERROR, pc));
            }
        }
        let mut all = BTreeSet::new();
        let mut muts = BTreeSet::new();
        for id in args.iter().filter_map(|v| v.ref_id()) {
            if self.graph.is_mutable(id)? {
                if !self.is_writable(id)? {
                    return Err(self.error(StatusCode::CALL_BORROWED_MUTABLE_REFERENCE_ERROR, pc));
                }
                muts.insert(id);
            }
            all.insert(id);
        }
        let mut out = Vec::with_capacity(returns.len());
        let mut returned_refs = 0usize;
        for r in returns {
            out.push(match r {
                Some(mutable) => {
                    let new = self.new_ref(*mutable)?;
                    // A returned `&mut` can only come from a `&mut` argument; a `&` from any.
                    let parents = if *mutable { &muts } else { &all };
                    for p in parents {
                        self.graph.add_weak_borrow(*p, new)?;
                    }
                    returned_refs += 1;
                    AbsValue::Ref(new)
                }
                None => AbsValue::NonRef,
            });
        }
        meter.add_items_with_growth(
            REF_PARAM_EDGE_COST,
            all.len().saturating_mul(returned_refs),
            REF_PARAM_EDGE_COST_GROWTH,
        )?;
        for id in all {
            self.graph.release(id)?;
        }
        Ok(out)
    }

    pub(crate) fn ret(&mut self, pc: CodeOffset, values: &[AbsValue]) -> PartialVMResult<()> {
        let held: BTreeSet<RefId> = self.locals.iter().filter_map(|v| v.ref_id()).collect();
        for id in held {
            self.graph.release(id)?;
        }
        if self.has_borrows(self.frame_root(), None, false)? {
            return Err(self.error(StatusCode::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED, pc));
        }
        for id in values.iter().filter_map(|v| v.ref_id()) {
            if self.graph.is_mutable(id)? && !self.is_writable(id)? {
                return Err(self.error(StatusCode::RET_BORROWED_MUTABLE_REFERENCE_ERROR, pc));
            }
        }
        Ok(())
    }

    /// Renames reference nodes so that local `i` holds node `i` (the frame root keeps its id).
    /// Called at the end of every block, where the operand stack is empty, so every live node
    /// is held by a local.
    pub(crate) fn canonicalize(&mut self) -> PartialVMResult<()> {
        let mut map = BTreeMap::new();
        for (i, l) in self.locals.iter_mut().enumerate() {
            if let AbsValue::Ref(id) = l {
                map.insert(*id, RefId(i));
                *id = RefId(i);
            }
        }
        self.graph.remap(&map)?;
        self.next_id = self.locals.len() + 1;
        Ok(())
    }
}

impl AbstractState for State {
    fn join(&mut self, other: &Self, meter: &mut Meter) -> PartialVMResult<JoinResult> {
        if self.locals.len() != other.locals.len() {
            return Err(invariant("reference safety: state size mismatch"));
        }
        meter.add(JOIN_BASE_COST)?;
        meter.add_items(JOIN_PER_LOCAL_COST, self.locals.len())?;
        meter.add_items(JOIN_PER_GRAPH_ITEM_COST, self.graph.size())?;
        // A local holding a reference on one side only holds nothing after the join: that
        // side's reference is released first.
        let mut release_self = Vec::new();
        let mut release_other = Vec::new();
        for (a, b) in self.locals.iter().zip(&other.locals) {
            match (a, b) {
                (AbsValue::Ref(id), AbsValue::NonRef) => release_self.push(*id),
                (AbsValue::NonRef, AbsValue::Ref(id)) => release_other.push(*id),
                (x, y) if x == y => {}
                _ => return Err(invariant("reference safety: states not canonical at join")),
            }
        }
        let released;
        let other_graph = if release_other.is_empty() {
            &other.graph
        } else {
            let mut g = other.graph.clone();
            for id in release_other {
                g.release(id)?;
            }
            released = g;
            &released
        };
        // The old state covers the joined one exactly when no local changes and every edge of
        // the other side is covered: then nothing is added.
        let locals_changed = !release_self.is_empty();
        for id in release_self {
            self.graph.release(id)?;
            for l in &mut self.locals {
                if *l == AbsValue::Ref(id) {
                    *l = AbsValue::NonRef;
                }
            }
        }
        let added = self.graph.absorb(other_graph)?;
        Ok(if locals_changed || added {
            JoinResult::Changed
        } else {
            JoinResult::Unchanged
        })
    }
}
