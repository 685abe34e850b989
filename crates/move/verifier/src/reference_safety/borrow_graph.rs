//! The borrow graph used by reference safety.
//!
//! Nodes are references (plus one root per frame, see `abstract_state.rs`); an edge `p -> c`
//! records that `c` was derived from `p`. Each edge carries a *path* of labels (local, global,
//! field) that says which part of `p` was borrowed, and a *strength*:
//! - strong: `c` points exactly at `p` extended by `path`;
//! - weak: `c` points somewhere inside `p` extended by `path` (an unknown extension follows).
//!
//! Three operations keep the graph sound:
//! - **factoring**: a strong borrow of `p` at `path` (a copy, a freeze, a field or local borrow)
//!   takes over every existing borrow of `p` whose path extends `path`: those edges move below
//!   the new reference with the remaining suffix. So `copy r; borrow_field f` followed by a
//!   second `borrow_field f` sees the first borrow as a borrow of the second reference, and a
//!   write through either conflicts while the other lives.
//! - **release** splices a dying node out: each parent gets an edge to each child, the path
//!   concatenated through strong edges and cut at the first weak one.
//! - **edge-set overflow**: more than [`MAX_EDGE_SET_SIZE`] edges between one pair collapse into
//!   a single weak whole-value edge, which bounds the graph on hostile input.
//!
//! States are compared by *subsumption* (`leq`): a weak edge with path `q` covers every edge
//! whose path extends `q`. Joins add only the edges of the other side that are not covered.
//! Both follow the Move borrow-graph semantics that Aptos's verifier uses, so that accept and
//! reject decisions (and the work metered) agree with it.

use std::{
    collections::{BTreeMap, BTreeSet},
    rc::Rc,
};

use smallvec::SmallVec;

/// Most edges kept between one parent and one child before they collapse into one weak edge.
pub(crate) const MAX_EDGE_SET_SIZE: usize = 10;

/// Identifier of a node (a reference, or a root).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RefId(pub(crate) usize);

/// What part of the parent an edge borrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Label {
    /// A local variable of the frame (edge from the frame root).
    Local(u8),
    /// A global resource type, by struct definition index (edge from the frame root).
    Global(u16),
    /// A field, by (struct definition index, field offset). Struct fields and variant fields
    /// share this label: two variant-field handles naming the same offset of one enum name the
    /// same memory for the variants they share, so they must not count as disjoint.
    Field(u16, u16),
}

/// A label path, inline for the usual short ones.
type Path = SmallVec<[Label; 3]>;

/// One borrow edge.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    strong: bool,
    path: Path,
}

/// Whether `prefix` is a prefix of `path` (equal paths included).
fn is_prefix(prefix: &[Label], path: &[Label]) -> bool {
    path.starts_with(prefix)
}

impl Edge {
    fn weak_whole() -> Edge {
        Edge {
            strong: false,
            path: Path::new(),
        }
    }

    /// Whether `self` covers `other`: the same edge, or a weak edge whose path is a prefix of
    /// `other`'s path.
    fn covers(&self, other: &Edge) -> bool {
        self == other || (!self.strong && is_prefix(&self.path, &other.path))
    }

    /// The edge `p -> c` obtained from `p -(self)-> x -(next)-> c` when `x` is released.
    fn splice(&self, next: &Edge) -> Edge {
        let path = if self.strong {
            let mut p = self.path.clone();
            p.extend_from_slice(&next.path);
            p
        } else {
            self.path.clone()
        };
        Edge {
            strong: self.strong && next.strong,
            path,
        }
    }
}

/// An edge with its end points; the graph keeps these sorted by (parent, child, edge), so the
/// edges between one pair (an *edge set*) are contiguous and ordered as a set would be.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct EdgeRec {
    parent: RefId,
    child: RefId,
    edge: Edge,
}

/// Error raised when the graph is used inconsistently (a verifier bug, never user input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GraphInvariant;

type GResult<T> = Result<T, GraphInvariant>;

/// A borrow graph, stored flat so that states clone cheaply (every block's entry state is a
/// copy): nodes and edges are sorted vectors, shared between copies until one changes them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct BorrowGraph {
    /// (id, mutable), sorted by id.
    nodes: Rc<Vec<(RefId, bool)>>,
    /// All edges, sorted and without duplicates.
    edges: Rc<Vec<EdgeRec>>,
    /// Pairs whose edge set overflowed (then holding one weak whole-value edge and ignoring
    /// insertions until the set is emptied), sorted.
    overflown: Vec<(RefId, RefId)>,
}

/// Children of a node, split by whether they borrow all of it or a labelled part.
pub(crate) struct Borrowers {
    /// Children with an empty-path edge (they may alias the whole parent).
    pub(crate) full: BTreeSet<RefId>,
    /// Children by first label of their path.
    pub(crate) fields: BTreeMap<Label, BTreeSet<RefId>>,
}

impl BorrowGraph {
    /// An empty graph.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn node_pos(&self, id: RefId) -> GResult<usize> {
        self.nodes
            .binary_search_by_key(&id, |n| n.0)
            .map_err(|_| GraphInvariant)
    }

    /// Whether `id` is a node.
    #[cfg(test)]
    pub(crate) fn contains(&self, id: RefId) -> bool {
        self.node_pos(id).is_ok()
    }

    /// Nodes plus edges: the size metered per step and per join.
    pub(crate) fn size(&self) -> usize {
        self.nodes.len() + self.edges.len()
    }

    /// Adds a fresh node.
    pub(crate) fn new_ref(&mut self, id: RefId, mutable: bool) -> GResult<()> {
        match self.nodes.binary_search_by_key(&id, |n| n.0) {
            Ok(_) => Err(GraphInvariant),
            Err(at) => {
                Rc::make_mut(&mut self.nodes).insert(at, (id, mutable));
                Ok(())
            }
        }
    }

    /// Whether `id` is a mutable reference.
    pub(crate) fn is_mutable(&self, id: RefId) -> GResult<bool> {
        Ok(self.nodes[self.node_pos(id)?].1)
    }

    /// Index range of the edges from `parent`.
    fn out_range(&self, parent: RefId) -> std::ops::Range<usize> {
        let lo = self.edges.partition_point(|e| e.parent < parent);
        let hi = self.edges.partition_point(|e| e.parent <= parent);
        lo..hi
    }

    /// Index range of the edges from `parent` to `child`.
    fn pair_range(&self, parent: RefId, child: RefId) -> std::ops::Range<usize> {
        let lo = self
            .edges
            .partition_point(|e| (e.parent, e.child) < (parent, child));
        let hi = self
            .edges
            .partition_point(|e| (e.parent, e.child) <= (parent, child));
        lo..hi
    }

    fn is_overflown(&self, parent: RefId, child: RefId) -> bool {
        self.overflown.binary_search(&(parent, child)).is_ok()
    }

    /// Inserts into the edge set of (`parent`, `child`) with the set's overflow rule.
    fn add_edge(&mut self, parent: RefId, edge: Edge, child: RefId) -> GResult<()> {
        if parent == child {
            return Err(GraphInvariant);
        }
        self.node_pos(parent)?;
        self.node_pos(child)?;
        if self.is_overflown(parent, child) {
            return Ok(());
        }
        let range = self.pair_range(parent, child);
        // Checked before deduplication on purpose: the collapse point must not depend on
        // whether the edge happens to be present already (the Move borrow graph behaves so).
        if range.len() + 1 > MAX_EDGE_SET_SIZE {
            self.edges_mut().splice(
                range,
                [EdgeRec {
                    parent,
                    child,
                    edge: Edge::weak_whole(),
                }],
            );
            let at = self
                .overflown
                .binary_search(&(parent, child))
                .unwrap_or_else(|e| e);
            self.overflown.insert(at, (parent, child));
            return Ok(());
        }
        let rec = EdgeRec {
            parent,
            child,
            edge,
        };
        if let Err(at) = self.edges[range.clone()].binary_search(&rec) {
            self.edges_mut().insert(range.start + at, rec);
        }
        Ok(())
    }

    /// The edges for writing: unshared first (copied with some headroom, so that the insertions
    /// that usually follow do not reallocate).
    fn edges_mut(&mut self) -> &mut Vec<EdgeRec> {
        if Rc::get_mut(&mut self.edges).is_none() {
            let mut v = Vec::with_capacity(self.edges.len() + self.edges.len() / 4 + 8);
            v.extend_from_slice(&self.edges);
            self.edges = Rc::new(v);
        }
        Rc::make_mut(&mut self.edges)
    }

    /// Adds many edges as if by [`Self::add_edge`] one at a time in order. Edge sets that stay
    /// within [`MAX_EDGE_SET_SIZE`] take one sorted merge; a set that may overflow is filled
    /// one edge at a time, in order, so that it overflows exactly when the sequence would.
    fn add_edges(&mut self, mut batch: Vec<EdgeRec>) -> GResult<()> {
        if batch.len() <= 1 {
            for rec in batch {
                self.add_edge(rec.parent, rec.edge, rec.child)?;
            }
            return Ok(());
        }
        // Stable: the order within one pair is kept.
        batch.sort_by_key(|r| (r.parent, r.child));
        let mut fast: Vec<EdgeRec> = Vec::with_capacity(batch.len());
        let mut i = 0;
        while i < batch.len() {
            let (p, c) = (batch[i].parent, batch[i].child);
            let mut j = i;
            while j < batch.len() && (batch[j].parent, batch[j].child) == (p, c) {
                j += 1;
            }
            if p == c {
                return Err(GraphInvariant);
            }
            self.node_pos(p)?;
            self.node_pos(c)?;
            if !self.is_overflown(p, c) {
                if self.pair_range(p, c).len() + (j - i) <= MAX_EDGE_SET_SIZE {
                    fast.extend(batch[i..j].iter().cloned());
                } else {
                    for rec in &batch[i..j] {
                        self.add_edge(p, rec.edge.clone(), c)?;
                    }
                }
            }
            i = j;
        }
        if fast.is_empty() {
            return Ok(());
        }
        fast.sort_unstable();
        fast.dedup();
        // Merge parent by parent: each parent's edges are one contiguous run, so only that run
        // is rebuilt (and the tail moved once), not the whole edge vector.
        let mut fast = fast.into_iter().peekable();
        while let Some(first) = fast.next() {
            let parent = first.parent;
            let mut group = vec![first];
            while let Some(n) = fast.next_if(|n| n.parent == parent) {
                group.push(n);
            }
            let range = self.out_range(parent);
            let edges = self.edges_mut();
            let old: Vec<EdgeRec> = edges.drain(range.clone()).collect();
            let mut merged = Vec::with_capacity(old.len() + group.len());
            let mut new = group.into_iter().peekable();
            for rec in old {
                while let Some(n) = new.next_if(|n| *n < rec) {
                    merged.push(n);
                }
                if new.peek() == Some(&rec) {
                    new.next();
                }
                merged.push(rec);
            }
            merged.extend(new);
            edges.splice(range.start..range.start, merged);
        }
        Ok(())
    }

    /// Forgets the overflow of (`parent`, `child`) once its edge set is empty.
    fn forget_overflow_if_empty(&mut self, parent: RefId, child: RefId) {
        if !self.overflown.is_empty()
            && self.pair_range(parent, child).is_empty()
            && let Ok(at) = self.overflown.binary_search(&(parent, child))
        {
            self.overflown.remove(at);
        }
    }

    /// `child` is exactly `parent` (a copy or a freeze); existing borrows of `parent` move
    /// below `child`.
    pub(crate) fn add_strong_borrow(&mut self, parent: RefId, child: RefId) -> GResult<()> {
        self.factor(parent, Path::new(), child)
    }

    /// `child` is exactly `parent.label`; existing borrows of `parent` at or below `label` move
    /// below `child`.
    pub(crate) fn add_strong_field_borrow(
        &mut self,
        parent: RefId,
        label: Label,
        child: RefId,
    ) -> GResult<()> {
        self.factor(parent, smallvec::smallvec![label], child)
    }

    /// `child` points somewhere inside `parent` (a vector element, a call's returned reference).
    pub(crate) fn add_weak_borrow(&mut self, parent: RefId, child: RefId) -> GResult<()> {
        self.add_edge(parent, Edge::weak_whole(), child)
    }

    /// `child` points somewhere inside `parent.label` (a global resource from the frame root).
    pub(crate) fn add_weak_field_borrow(
        &mut self,
        parent: RefId,
        label: Label,
        child: RefId,
    ) -> GResult<()> {
        self.add_edge(
            parent,
            Edge {
                strong: false,
                path: smallvec::smallvec![label],
            },
            child,
        )
    }

    /// Adds `parent =path=> mid`, moving every edge `parent -q-> c` with `path` a prefix of `q`
    /// to `mid -(q minus path)-> c`.
    fn factor(&mut self, parent: RefId, path: Path, mid: RefId) -> GResult<()> {
        self.node_pos(parent)?;
        let range = self.out_range(parent);
        let mut moved: Vec<EdgeRec> = Vec::new();
        if self.edges[range.clone()]
            .iter()
            .any(|e| is_prefix(&path, &e.edge.path))
        {
            let edges = self.edges_mut();
            let out: Vec<EdgeRec> = edges.drain(range.clone()).collect();
            let mut kept = Vec::with_capacity(out.len());
            for e in out {
                if is_prefix(&path, &e.edge.path) {
                    moved.push(e);
                } else {
                    kept.push(e);
                }
            }
            edges.splice(range.start..range.start, kept);
            for e in &moved {
                self.forget_overflow_if_empty(e.parent, e.child);
            }
        }
        let mut batch: Vec<EdgeRec> = moved
            .into_iter()
            .map(|rec| EdgeRec {
                parent: mid,
                child: rec.child,
                edge: Edge {
                    strong: rec.edge.strong,
                    path: rec.edge.path[path.len()..].iter().copied().collect(),
                },
            })
            .collect();
        batch.push(EdgeRec {
            parent,
            child: mid,
            edge: Edge { strong: true, path },
        });
        self.add_edges(batch)
    }

    /// Removes `id`, connecting each of its parents to each of its children.
    pub(crate) fn release(&mut self, id: RefId) -> GResult<()> {
        let pos = self.node_pos(id)?;
        Rc::make_mut(&mut self.nodes).remove(pos);
        let out = self.out_range(id);
        let has_in = self.edges.iter().any(|e| e.child == id);
        let mut outs: Vec<EdgeRec> = Vec::new();
        let mut ins: Vec<EdgeRec> = Vec::new();
        if !out.is_empty() || has_in {
            let edges = self.edges_mut();
            // Out-edges of `id`, sorted by child, then edge.
            outs = edges.drain(out).collect();
            // In-edges of `id`, sorted by parent, then edge.
            edges.retain(|e| {
                if e.child == id {
                    ins.push(e.clone());
                    false
                } else {
                    true
                }
            });
        }
        if !self.overflown.is_empty() {
            self.overflown.retain(|(p, c)| *p != id && *c != id);
        }
        let mut batch = Vec::with_capacity(ins.len() * outs.len());
        for pe in &ins {
            for ce in &outs {
                if ce.child == pe.parent {
                    continue;
                }
                batch.push(EdgeRec {
                    parent: pe.parent,
                    child: ce.child,
                    edge: pe.edge.splice(&ce.edge),
                });
            }
        }
        self.add_edges(batch)
    }

    /// The children of `id`.
    pub(crate) fn borrowed_by(&self, id: RefId) -> GResult<Borrowers> {
        self.node_pos(id)?;
        let mut full = BTreeSet::new();
        let mut fields: BTreeMap<Label, BTreeSet<RefId>> = BTreeMap::new();
        for rec in &self.edges[self.out_range(id)] {
            match rec.edge.path.first() {
                None => {
                    full.insert(rec.child);
                }
                Some(l) => {
                    fields.entry(*l).or_default().insert(rec.child);
                }
            }
        }
        Ok(Borrowers { full, fields })
    }

    /// Renames nodes (ids not in `map` keep their id). `map` must be injective on the graph.
    pub(crate) fn remap(&mut self, map: &BTreeMap<RefId, RefId>) -> GResult<()> {
        let f = |id: RefId| map.get(&id).copied().unwrap_or(id);
        if self.nodes.iter().all(|n| f(n.0) == n.0) {
            return Ok(());
        }
        let nodes = Rc::make_mut(&mut self.nodes);
        for n in nodes.iter_mut() {
            n.0 = f(n.0);
        }
        nodes.sort_unstable_by_key(|n| n.0);
        if nodes.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(GraphInvariant);
        }
        let edges = self.edges_mut();
        for e in edges.iter_mut() {
            e.parent = f(e.parent);
            e.child = f(e.child);
        }
        edges.sort_unstable();
        for p in &mut self.overflown {
            *p = (f(p.0), f(p.1));
        }
        self.overflown.sort_unstable();
        Ok(())
    }

    /// Whether an edge of `self` between the same ends covers `rec`.
    fn covers_edge(&self, rec: &EdgeRec) -> bool {
        self.edges[self.pair_range(rec.parent, rec.child)]
            .iter()
            .any(|se| se.edge.covers(&rec.edge))
    }

    /// Whether every edge of `other` is covered by an edge of `self` (both graphs have the same
    /// nodes).
    #[cfg(test)]
    pub(crate) fn covers(&self, other: &Self) -> GResult<bool> {
        self.same_nodes(other)?;
        Ok(other.edges.iter().all(|rec| self.covers_edge(rec)))
    }

    fn same_nodes(&self, other: &Self) -> GResult<()> {
        if self.nodes == other.nodes {
            Ok(())
        } else {
            Err(GraphInvariant)
        }
    }

    /// Least upper bound, in place: adds the edges of `other` that `self` does not cover.
    /// Returns whether any edge was added. Both graphs must have the same nodes.
    pub(crate) fn absorb(&mut self, other: &Self) -> GResult<bool> {
        self.same_nodes(other)?;
        let uncovered: Vec<EdgeRec> = other
            .edges
            .iter()
            .filter(|rec| !self.covers_edge(rec))
            .cloned()
            .collect();
        let added = !uncovered.is_empty();
        self.add_edges(uncovered)?;
        Ok(added)
    }

    /// Least upper bound: `self` plus the edges of `other` it does not cover.
    #[cfg(test)]
    pub(crate) fn join(&self, other: &Self) -> GResult<Self> {
        let mut out = self.clone();
        out.absorb(other)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize) -> BorrowGraph {
        let mut g = BorrowGraph::new();
        for i in 0..n {
            g.new_ref(RefId(i), true).unwrap();
        }
        g
    }

    #[test]
    fn release_splices_paths() {
        let mut g = graph(3);
        let (root, a, b) = (RefId(0), RefId(1), RefId(2));
        g.add_strong_field_borrow(root, Label::Local(0), a).unwrap();
        g.add_strong_field_borrow(a, Label::Field(0, 1), b).unwrap();
        g.release(a).unwrap();
        let bb = g.borrowed_by(root).unwrap();
        assert!(bb.full.is_empty());
        assert_eq!(bb.fields.get(&Label::Local(0)).map(BTreeSet::len), Some(1));
        assert!(!g.contains(a));
    }

    #[test]
    fn weak_prefix_absorbs_on_splice() {
        let weak = Edge {
            strong: false,
            path: smallvec::smallvec![Label::Global(3)],
        };
        let next = Edge {
            strong: true,
            path: smallvec::smallvec![Label::Field(3, 0)],
        };
        assert_eq!(weak.splice(&next), weak);
    }

    #[test]
    fn copy_factors_existing_field_borrows() {
        // r (1) borrowed at f by a (2); a copy c (3) of r takes a over.
        let mut g = graph(4);
        let (r, a, c) = (RefId(1), RefId(2), RefId(3));
        g.add_strong_field_borrow(r, Label::Field(0, 0), a).unwrap();
        g.add_strong_borrow(r, c).unwrap();
        let of_r = g.borrowed_by(r).unwrap();
        assert_eq!(of_r.full, BTreeSet::from([c]));
        assert!(of_r.fields.is_empty());
        let of_c = g.borrowed_by(c).unwrap();
        assert_eq!(
            of_c.fields.get(&Label::Field(0, 0)),
            Some(&BTreeSet::from([a]))
        );
    }

    #[test]
    fn field_borrow_factors_same_field_only() {
        let mut g = graph(5);
        let (r, a, b, c) = (RefId(1), RefId(2), RefId(3), RefId(4));
        g.add_strong_field_borrow(r, Label::Field(0, 0), a).unwrap();
        g.add_strong_field_borrow(r, Label::Field(0, 1), b).unwrap();
        g.add_strong_field_borrow(r, Label::Field(0, 0), c).unwrap();
        // a now hangs below c with an empty path; b stays on r.
        assert_eq!(g.borrowed_by(c).unwrap().full, BTreeSet::from([a]));
        let of_r = g.borrowed_by(r).unwrap();
        assert_eq!(
            of_r.fields.get(&Label::Field(0, 1)),
            Some(&BTreeSet::from([b]))
        );
        assert_eq!(
            of_r.fields.get(&Label::Field(0, 0)),
            Some(&BTreeSet::from([c]))
        );
    }

    #[test]
    fn weak_borrows_are_not_factored() {
        let mut g = graph(4);
        let (r, e, c) = (RefId(1), RefId(2), RefId(3));
        g.add_weak_borrow(r, e).unwrap();
        g.add_strong_field_borrow(r, Label::Field(0, 0), c).unwrap();
        assert_eq!(g.borrowed_by(r).unwrap().full, BTreeSet::from([e]));
        assert!(g.borrowed_by(c).unwrap().full.is_empty());
    }

    #[test]
    fn edge_set_overflow_collapses_to_weak() {
        let mut g = graph(2);
        let (p, c) = (RefId(0), RefId(1));
        for i in 0..=MAX_EDGE_SET_SIZE {
            let path = smallvec::smallvec![Label::Local(u8::try_from(i).unwrap())];
            g.add_edge(p, Edge { strong: true, path }, c).unwrap();
        }
        assert!(g.is_overflown(p, c));
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.edges[0].edge, Edge::weak_whole());
        g.add_weak_field_borrow(p, Label::Local(0), c).unwrap();
        assert_eq!(g.edges.len(), 1);
        // Emptying the set forgets the overflow.
        g.release(c).unwrap();
        assert!(g.overflown.is_empty());
    }

    #[test]
    fn join_adds_only_uncovered_edges() {
        let mut g1 = graph(3);
        g1.add_weak_field_borrow(RefId(0), Label::Local(2), RefId(1))
            .unwrap();
        let mut g2 = graph(3);
        g2.add_strong_field_borrow(RefId(0), Label::Local(2), RefId(1))
            .unwrap();
        // The weak edge covers the strong one.
        assert!(g1.covers(&g2).unwrap());
        assert_eq!(g1.join(&g2).unwrap(), g1);
        // Not the other way around.
        assert!(!g2.covers(&g1).unwrap());
        let j = g2.join(&g1).unwrap();
        assert!(j.covers(&g1).unwrap() && j.covers(&g2).unwrap());
        assert_eq!(j.join(&g1).unwrap(), j);
    }

    #[test]
    fn size_counts_nodes_and_edges() {
        let mut g = graph(3);
        assert_eq!(g.size(), 3);
        g.add_weak_borrow(RefId(0), RefId(1)).unwrap();
        g.add_strong_borrow(RefId(0), RefId(2)).unwrap();
        // The strong copy factors the weak edge below it.
        assert_eq!(g.size(), 5);
    }
}
