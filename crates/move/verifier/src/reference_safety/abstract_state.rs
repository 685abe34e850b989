//! Abstract state of reference safety: what each local holds (a reference node or a plain
//! value) plus the borrow graph.
//!
//! Node 0 is the frame root: locals are borrowed from it with a `Local(i)` label, global
//! resources with a weak `Global(struct def)` label. At block boundaries the state is made
//! canonical (the reference held by local `i` is node `i + 1`), so that states of different
//! paths can be joined and compared.

use std::collections::{BTreeMap, BTreeSet};

use lumio_move_binary_format::file_format::{CodeOffset, FunctionDefinitionIndex};
use lumio_move_core_types::StatusCode;

use super::borrow_graph::{BorrowGraph, GraphInvariant, Label, RefId};
use crate::{
    absint::AbstractState,
    access::invariant,
    error::{PartialVMError, PartialVMResult},
};

/// A value on the stack or in a local.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbsValue {
    /// A reference, tracked as a node of the graph.
    Ref(RefId),
    /// Anything else.
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

const FRAME_ROOT: RefId = RefId(0);

impl From<GraphInvariant> for PartialVMError {
    fn from(_: GraphInvariant) -> Self {
        invariant("reference safety: borrow graph used inconsistently")
    }
}

/// The state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct State {
    /// `None` = the local holds no value.
    locals: Vec<Option<AbsValue>>,
    graph: BorrowGraph,
    next_id: usize,
    index: FunctionDefinitionIndex,
}

impl State {
    /// Entry state: parameters hold values (references get nodes), other locals are empty.
    pub(crate) fn new(
        index: FunctionDefinitionIndex,
        num_locals: usize,
        params: impl Iterator<Item = Option<bool>>,
    ) -> PartialVMResult<Self> {
        let mut graph = BorrowGraph::new();
        graph.new_ref(FRAME_ROOT, true)?;
        let mut locals = vec![None; num_locals];
        for (i, p) in params.enumerate() {
            let slot = locals
                .get_mut(i)
                .ok_or_else(|| invariant("param out of range"))?;
            *slot = Some(match p {
                Some(mutable) => {
                    let id = RefId(i + 1);
                    graph.new_ref(id, mutable)?;
                    AbsValue::Ref(id)
                }
                None => AbsValue::NonRef,
            });
        }
        Ok(State {
            locals,
            graph,
            next_id: num_locals + 1,
            index,
        })
    }

    /// Rough size for metering.
    pub(crate) fn size(&self) -> usize {
        self.locals.len() + self.graph.edge_count()
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

    fn local(&self, i: u8) -> PartialVMResult<AbsValue> {
        self.locals
            .get(usize::from(i))
            .copied()
            .flatten()
            .ok_or_else(|| invariant("reference safety: local unavailable"))
    }

    fn set_local(&mut self, i: u8, v: Option<AbsValue>) -> PartialVMResult<()> {
        *self
            .locals
            .get_mut(usize::from(i))
            .ok_or_else(|| invariant("local out of range"))? = v;
        Ok(())
    }

    pub(crate) fn release(&mut self, v: AbsValue) -> PartialVMResult<()> {
        if let AbsValue::Ref(id) = v {
            self.graph.release(id)?;
        }
        Ok(())
    }

    // ---- queries ----

    /// Whether `id` has borrowers: full ones, or (with `label`) ones of that part, or (without)
    /// any at all.
    fn has_borrows(
        &self,
        id: RefId,
        label: Option<Label>,
        mutable_only: bool,
    ) -> PartialVMResult<bool> {
        let b = self.graph.borrowed_by(id)?;
        let keep = |c: &RefId| -> PartialVMResult<bool> {
            Ok(!mutable_only || self.graph.is_mutable(*c)?)
        };
        for c in &b.full {
            if keep(c)? {
                return Ok(true);
            }
        }
        match label {
            None => {
                for set in b.fields.values() {
                    for c in set {
                        if keep(c)? {
                            return Ok(true);
                        }
                    }
                }
            }
            Some(l) => {
                if let Some(set) = b.fields.get(&l) {
                    for c in set {
                        if keep(c)? {
                            return Ok(true);
                        }
                    }
                }
            }
        }
        Ok(false)
    }

    fn is_writable(&self, id: RefId) -> PartialVMResult<bool> {
        Ok(self.graph.is_mutable(id)? && !self.has_borrows(id, None, false)?)
    }

    fn is_freezable(&self, id: RefId, label: Option<Label>) -> PartialVMResult<bool> {
        Ok(self.graph.is_mutable(id)? && !self.has_borrows(id, label, true)?)
    }

    fn is_readable(&self, id: RefId, label: Option<Label>) -> PartialVMResult<bool> {
        Ok(!self.graph.is_mutable(id)? || self.is_freezable(id, label)?)
    }

    fn is_local_borrowed(&self, i: u8) -> PartialVMResult<bool> {
        self.has_borrows(FRAME_ROOT, Some(Label::Local(i)), false)
    }

    fn is_local_mutably_borrowed(&self, i: u8) -> PartialVMResult<bool> {
        self.has_borrows(FRAME_ROOT, Some(Label::Local(i)), true)
    }

    fn is_global_borrowed(&self, sd: u16) -> PartialVMResult<bool> {
        self.has_borrows(FRAME_ROOT, Some(Label::Global(sd)), false)
    }

    fn is_global_mutably_borrowed(&self, sd: u16) -> PartialVMResult<bool> {
        self.has_borrows(FRAME_ROOT, Some(Label::Global(sd)), true)
    }

    // ---- transfer functions ----

    pub(crate) fn copy_loc(&mut self, pc: CodeOffset, i: u8) -> PartialVMResult<AbsValue> {
        match self.local(i)? {
            AbsValue::Ref(id) => {
                let new = self.new_ref(self.graph.is_mutable(id)?)?;
                self.graph.add_borrow(id, new, true, vec![])?;
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
        let v = self.local(i)?;
        if v == AbsValue::NonRef && self.is_local_borrowed(i)? {
            return Err(self.error(StatusCode::MOVELOC_EXISTS_BORROW_ERROR, pc));
        }
        self.set_local(i, None)?;
        Ok(v)
    }

    pub(crate) fn st_loc(&mut self, pc: CodeOffset, i: u8, v: AbsValue) -> PartialVMResult<()> {
        if self.is_local_borrowed(i)? {
            return Err(self.error(StatusCode::STLOC_UNSAFE_TO_DESTROY_ERROR, pc));
        }
        if let Some(old) = self.locals.get(usize::from(i)).copied().flatten() {
            self.release(old)?;
        }
        self.set_local(i, Some(v))
    }

    pub(crate) fn freeze_ref(&mut self, pc: CodeOffset, v: AbsValue) -> PartialVMResult<AbsValue> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("freeze of non-reference"))?;
        if !self.is_freezable(id, None)? {
            return Err(self.error(StatusCode::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR, pc));
        }
        let new = self.new_ref(false)?;
        self.graph.add_borrow(id, new, true, vec![])?;
        self.graph.release(id)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn comparison(
        &mut self,
        pc: CodeOffset,
        a: AbsValue,
        b: AbsValue,
    ) -> PartialVMResult<()> {
        for v in [a, b] {
            if let AbsValue::Ref(id) = v
                && !self.is_readable(id, None)?
            {
                return Err(self.error(StatusCode::READREF_EXISTS_MUTABLE_BORROW_ERROR, pc));
            }
        }
        self.release(a)?;
        self.release(b)
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
        // A new mutable borrow needs no check here: conflicting uses are caught when the
        // other references are used, and moving/overwriting the local checks its borrows.
        if !mutable && self.is_local_mutably_borrowed(i)? {
            return Err(self.error(StatusCode::BORROWLOC_EXISTS_BORROW_ERROR, pc));
        }
        let new = self.new_ref(mutable)?;
        self.graph
            .add_borrow(FRAME_ROOT, new, true, vec![Label::Local(i)])?;
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
            // Other field borrows are disjoint; only borrows of the whole conflict.
            !self.graph.borrowed_by(id)?.full.is_empty()
        } else {
            !self.is_readable(id, Some(label))?
        };
        if conflict {
            return Err(self.error(StatusCode::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR, pc));
        }
        let new = self.new_ref(mutable)?;
        self.graph.add_borrow(id, new, true, vec![label])?;
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
        self.graph
            .add_borrow(FRAME_ROOT, new, false, vec![Label::Global(sd)])?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn move_from(&mut self, pc: CodeOffset, sd: u16) -> PartialVMResult<()> {
        if self.is_global_borrowed(sd)? {
            return Err(self.error(StatusCode::GLOBAL_REFERENCE_ERROR, pc));
        }
        Ok(())
    }

    /// Vector operations that read (`mutable = false`) or change the vector.
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

    pub(crate) fn vector_element_borrow(
        &mut self,
        pc: CodeOffset,
        v: AbsValue,
        mutable: bool,
    ) -> PartialVMResult<AbsValue> {
        let id = v
            .ref_id()
            .ok_or_else(|| invariant("vector borrow of non-reference"))?;
        let ok = if mutable {
            self.is_writable(id)?
        } else {
            self.is_readable(id, None)?
        };
        if !ok {
            return Err(self.error(
                StatusCode::VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR,
                pc,
            ));
        }
        let new = self.new_ref(mutable)?;
        // Elements are not distinguished: the element reference borrows the whole vector.
        self.graph.add_borrow(id, new, false, vec![])?;
        self.graph.release(id)?;
        Ok(AbsValue::Ref(new))
    }

    pub(crate) fn test_variant(&mut self, pc: CodeOffset, v: AbsValue) -> PartialVMResult<()> {
        self.read_ref(pc, v)
    }

    /// A call: `acquires` are the resources the callee may touch in global storage.
    pub(crate) fn call(
        &mut self,
        pc: CodeOffset,
        args: &[AbsValue],
        acquires: &[u16],
        returns: &[Option<bool>],
    ) -> PartialVMResult<Vec<AbsValue>> {
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
        for r in returns {
            out.push(match r {
                Some(mutable) => {
                    let new = self.new_ref(*mutable)?;
                    // A returned `&mut` can only come from a `&mut` argument; a `&` from any.
                    let parents = if *mutable { &muts } else { &all };
                    for p in parents {
                        self.graph.add_borrow(*p, new, false, vec![])?;
                    }
                    AbsValue::Ref(new)
                }
                None => AbsValue::NonRef,
            });
        }
        for id in all {
            self.graph.release(id)?;
        }
        Ok(out)
    }

    pub(crate) fn ret(&mut self, pc: CodeOffset, values: &[AbsValue]) -> PartialVMResult<()> {
        let held: Vec<AbsValue> = self.locals.iter().flatten().copied().collect();
        for v in held {
            self.release(v)?;
        }
        for l in &mut self.locals {
            if matches!(l, Some(AbsValue::Ref(_))) {
                *l = None;
            }
        }
        if self.has_borrows(FRAME_ROOT, None, false)? {
            return Err(self.error(StatusCode::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED, pc));
        }
        for id in values.iter().filter_map(|v| v.ref_id()) {
            if self.graph.is_mutable(id)? && !self.is_writable(id)? {
                return Err(self.error(StatusCode::RET_BORROWED_MUTABLE_REFERENCE_ERROR, pc));
            }
        }
        Ok(())
    }

    /// Renames reference nodes so that local `i` holds node `i + 1`, and drops any node not
    /// held by a local. Called at the end of every block (the operand stack is empty there).
    pub(crate) fn canonicalize(&mut self) -> PartialVMResult<()> {
        let mut map = BTreeMap::new();
        for (i, l) in self.locals.iter_mut().enumerate() {
            if let Some(AbsValue::Ref(id)) = l {
                let canon = RefId(i + 1);
                map.insert(*id, canon);
                *id = canon;
            }
        }
        // Nodes nobody holds any more (cannot happen with an empty stack, but stay safe).
        let held: BTreeSet<RefId> = map.keys().copied().collect();
        for id in self.graph.ids() {
            if id != FRAME_ROOT && !held.contains(&id) {
                self.graph.release(id)?;
            }
        }
        self.graph.remap(&map)?;
        self.next_id = self.locals.len() + 1;
        Ok(())
    }
}

impl AbstractState for State {
    fn join(&self, other: &Self) -> PartialVMResult<Self> {
        if self.locals.len() != other.locals.len() {
            return Err(invariant("reference safety: state size mismatch"));
        }
        let mut g1 = self.graph.clone();
        let mut g2 = other.graph.clone();
        let mut locals = Vec::with_capacity(self.locals.len());
        for (a, b) in self.locals.iter().zip(&other.locals) {
            locals.push(match (a, b) {
                (None, None) => None,
                (Some(v), None) => {
                    if let AbsValue::Ref(id) = v {
                        g1.release(*id)?;
                    }
                    None
                }
                (None, Some(v)) => {
                    if let AbsValue::Ref(id) = v {
                        g2.release(*id)?;
                    }
                    None
                }
                (Some(x), Some(y)) => {
                    if x != y {
                        return Err(invariant("reference safety: local kinds differ at join"));
                    }
                    Some(*x)
                }
            });
        }
        let graph = g1.join(&g2)?;
        Ok(State {
            locals,
            graph,
            next_id: self.next_id.max(other.next_id),
            index: self.index,
        })
    }
}
