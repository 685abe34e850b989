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

use std::collections::{BTreeMap, BTreeSet};

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

/// One borrow edge.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    strong: bool,
    path: Vec<Label>,
}

/// Whether `prefix` is a prefix of `path` (equal paths included).
fn is_prefix(prefix: &[Label], path: &[Label]) -> bool {
    path.starts_with(prefix)
}

impl Edge {
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

/// The edges between one parent and one child.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct EdgeSet {
    edges: BTreeSet<Edge>,
    /// Set once more than [`MAX_EDGE_SET_SIZE`] edges were added: the set is then one weak
    /// whole-value edge and ignores further insertions.
    overflown: bool,
}

impl EdgeSet {
    fn insert(&mut self, edge: Edge) {
        if self.overflown {
            return;
        }
        // Checked before deduplication on purpose: the collapse point must not depend on
        // whether the edge happens to be present already (the Move borrow graph behaves so).
        if self.edges.len() + 1 > MAX_EDGE_SET_SIZE {
            self.edges = BTreeSet::from([Edge {
                strong: false,
                path: vec![],
            }]);
            self.overflown = true;
        } else {
            self.edges.insert(edge);
        }
    }

    fn len(&self) -> usize {
        self.edges.len()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    mutable: bool,
    /// Outgoing edges: child -> edges.
    borrowed_by: BTreeMap<RefId, EdgeSet>,
    /// Incoming edges: parents.
    borrows_from: BTreeSet<RefId>,
}

/// Error raised when the graph is used inconsistently (a verifier bug, never user input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GraphInvariant;

type GResult<T> = Result<T, GraphInvariant>;

/// A borrow graph.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct BorrowGraph {
    nodes: BTreeMap<RefId, Node>,
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

    /// Whether `id` is a node.
    #[cfg(test)]
    pub(crate) fn contains(&self, id: RefId) -> bool {
        self.nodes.contains_key(&id)
    }

    /// Nodes plus edges: the size metered per step and per join.
    pub(crate) fn size(&self) -> usize {
        self.nodes
            .values()
            .map(|n| 1 + n.borrowed_by.values().map(EdgeSet::len).sum::<usize>())
            .sum()
    }

    /// Adds a fresh node.
    pub(crate) fn new_ref(&mut self, id: RefId, mutable: bool) -> GResult<()> {
        if self.nodes.contains_key(&id) {
            return Err(GraphInvariant);
        }
        self.nodes.insert(
            id,
            Node {
                mutable,
                borrowed_by: BTreeMap::new(),
                borrows_from: BTreeSet::new(),
            },
        );
        Ok(())
    }

    /// Whether `id` is a mutable reference.
    pub(crate) fn is_mutable(&self, id: RefId) -> GResult<bool> {
        self.nodes.get(&id).map(|n| n.mutable).ok_or(GraphInvariant)
    }

    fn add_edge(&mut self, parent: RefId, edge: Edge, child: RefId) -> GResult<()> {
        if parent == child || !self.nodes.contains_key(&child) {
            return Err(GraphInvariant);
        }
        let p = self.nodes.get_mut(&parent).ok_or(GraphInvariant)?;
        p.borrowed_by.entry(child).or_default().insert(edge);
        let c = self.nodes.get_mut(&child).ok_or(GraphInvariant)?;
        c.borrows_from.insert(parent);
        Ok(())
    }

    /// `child` is exactly `parent` (a copy or a freeze); existing borrows of `parent` move
    /// below `child`.
    pub(crate) fn add_strong_borrow(&mut self, parent: RefId, child: RefId) -> GResult<()> {
        self.factor(parent, vec![], child)
    }

    /// `child` is exactly `parent.label`; existing borrows of `parent` at or below `label` move
    /// below `child`.
    pub(crate) fn add_strong_field_borrow(
        &mut self,
        parent: RefId,
        label: Label,
        child: RefId,
    ) -> GResult<()> {
        self.factor(parent, vec![label], child)
    }

    /// `child` points somewhere inside `parent` (a vector element, a call's returned reference).
    pub(crate) fn add_weak_borrow(&mut self, parent: RefId, child: RefId) -> GResult<()> {
        self.add_edge(
            parent,
            Edge {
                strong: false,
                path: vec![],
            },
            child,
        )
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
                path: vec![label],
            },
            child,
        )
    }

    /// Adds `parent =path=> mid`, moving every edge `parent -q-> c` with `path` a prefix of `q`
    /// to `mid -(q minus path)-> c`.
    fn factor(&mut self, parent: RefId, path: Vec<Label>, mid: RefId) -> GResult<()> {
        let p = self.nodes.get_mut(&parent).ok_or(GraphInvariant)?;
        let mut moved: Vec<(RefId, Edge)> = Vec::new();
        for (child, set) in &p.borrowed_by {
            for e in &set.edges {
                if is_prefix(&path, &e.path) {
                    moved.push((*child, e.clone()));
                }
            }
        }
        let mut detached = Vec::new();
        for (child, e) in &moved {
            let set = p.borrowed_by.get_mut(child).ok_or(GraphInvariant)?;
            set.edges.remove(e);
            if set.edges.is_empty() {
                p.borrowed_by.remove(child);
                detached.push(*child);
            }
        }
        for child in detached {
            let c = self.nodes.get_mut(&child).ok_or(GraphInvariant)?;
            c.borrows_from.remove(&parent);
        }
        for (child, e) in moved {
            let suffix = e.path[path.len()..].to_vec();
            self.add_edge(
                mid,
                Edge {
                    strong: e.strong,
                    path: suffix,
                },
                child,
            )?;
        }
        self.add_edge(parent, Edge { strong: true, path }, mid)
    }

    /// Removes `id`, connecting each of its parents to each of its children.
    pub(crate) fn release(&mut self, id: RefId) -> GResult<()> {
        let node = self.nodes.remove(&id).ok_or(GraphInvariant)?;
        for parent in &node.borrows_from {
            let p = self.nodes.get_mut(parent).ok_or(GraphInvariant)?;
            let in_edges = p.borrowed_by.remove(&id).ok_or(GraphInvariant)?;
            for pe in &in_edges.edges {
                for (child, out_edges) in &node.borrowed_by {
                    if child == parent {
                        continue;
                    }
                    for ce in &out_edges.edges {
                        self.add_edge(*parent, pe.splice(ce), *child)?;
                    }
                }
            }
        }
        for child in node.borrowed_by.keys() {
            let c = self.nodes.get_mut(child).ok_or(GraphInvariant)?;
            c.borrows_from.remove(&id);
        }
        Ok(())
    }

    /// The children of `id`.
    pub(crate) fn borrowed_by(&self, id: RefId) -> GResult<Borrowers> {
        let node = self.nodes.get(&id).ok_or(GraphInvariant)?;
        let mut full = BTreeSet::new();
        let mut fields: BTreeMap<Label, BTreeSet<RefId>> = BTreeMap::new();
        for (child, set) in &node.borrowed_by {
            for e in &set.edges {
                match e.path.first() {
                    None => {
                        full.insert(*child);
                    }
                    Some(l) => {
                        fields.entry(*l).or_default().insert(*child);
                    }
                }
            }
        }
        Ok(Borrowers { full, fields })
    }

    /// Renames nodes (ids not in `map` keep their id). `map` must be injective on the graph.
    pub(crate) fn remap(&mut self, map: &BTreeMap<RefId, RefId>) -> GResult<()> {
        let f = |id: RefId| map.get(&id).copied().unwrap_or(id);
        let mut nodes = BTreeMap::new();
        for (id, node) in std::mem::take(&mut self.nodes) {
            let new = Node {
                mutable: node.mutable,
                borrowed_by: node
                    .borrowed_by
                    .into_iter()
                    .map(|(c, e)| (f(c), e))
                    .collect(),
                borrows_from: node.borrows_from.into_iter().map(f).collect(),
            };
            if nodes.insert(f(id), new).is_some() {
                return Err(GraphInvariant);
            }
        }
        self.nodes = nodes;
        Ok(())
    }

    /// The edges of `other` that no edge of `self` covers, in a deterministic order.
    fn uncovered_edges(&self, other: &Self) -> GResult<Vec<(RefId, Edge, RefId)>> {
        let mut out = Vec::new();
        for (parent, onode) in &other.nodes {
            let snode = self.nodes.get(parent).ok_or(GraphInvariant)?;
            for (child, oset) in &onode.borrowed_by {
                let sset = snode.borrowed_by.get(child);
                for oe in &oset.edges {
                    let covered = sset.is_some_and(|s| s.edges.iter().any(|se| se.covers(oe)));
                    if !covered {
                        out.push((*parent, oe.clone(), *child));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Whether every edge of `other` is covered by an edge of `self` (both graphs have the same
    /// nodes).
    pub(crate) fn covers(&self, other: &Self) -> GResult<bool> {
        Ok(self.uncovered_edges(other)?.is_empty())
    }

    /// Least upper bound: `self` plus the edges of `other` it does not cover. Both graphs must
    /// have the same nodes with the same mutability.
    pub(crate) fn join(&self, other: &Self) -> GResult<Self> {
        if self.nodes.len() != other.nodes.len() {
            return Err(GraphInvariant);
        }
        for (id, n) in &self.nodes {
            match other.nodes.get(id) {
                Some(o) if o.mutable == n.mutable => {}
                _ => return Err(GraphInvariant),
            }
        }
        let mut out = self.clone();
        for (parent, edge, child) in self.uncovered_edges(other)? {
            out.add_edge(parent, edge, child)?;
        }
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
            path: vec![Label::Global(3)],
        };
        let next = Edge {
            strong: true,
            path: vec![Label::Field(3, 0)],
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
        let mut s = EdgeSet::default();
        for i in 0..=MAX_EDGE_SET_SIZE {
            s.insert(Edge {
                strong: true,
                path: vec![Label::Local(u8::try_from(i).unwrap())],
            });
        }
        assert!(s.overflown);
        assert_eq!(s.edges.len(), 1);
        assert_eq!(
            s.edges.first(),
            Some(&Edge {
                strong: false,
                path: vec![]
            })
        );
        s.insert(Edge {
            strong: true,
            path: vec![],
        });
        assert_eq!(s.edges.len(), 1);
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
