//! The borrow graph used by reference safety.
//!
//! Nodes are references (plus one root per frame, see `abstract_state.rs`); an edge `p -> c`
//! records that `c` was derived from `p`. Each edge carries a *path* of labels (local, global,
//! field) that says which part of `p` was borrowed, and a *strength*:
//! - strong: `c` points exactly at `p` extended by `path`;
//! - weak: `c` points somewhere inside `p` extended by `path` (an unknown extension follows).
//!
//! Releasing a node splices its incoming and outgoing edges together, so that borrows stay
//! transitive after an intermediate reference dies (e.g. `&mut x.f.g` once `&mut x.f` is gone).
//!
//! The graph is deliberately a value type: states are cloned per block, joined at merge points
//! and compared for equality to detect the fixpoint.

use std::collections::{BTreeMap, BTreeSet};

/// Longest label path kept on an edge. Longer paths are truncated and weakened, which is a
/// sound over-approximation (a borrow of a prefix conflicts with more than the full path).
/// Paths cannot grow without bound for well-typed code (no recursive structs), the cap only
/// guarantees termination on hostile input.
const MAX_PATH_LEN: usize = 32;

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
    /// share this label so that two handles naming the same memory cannot alias unnoticed.
    Field(u16, u16),
}

/// One borrow edge.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    strong: bool,
    path: Vec<Label>,
}

impl Edge {
    /// The edge `p -> c` obtained from `p -(self)-> x -(next)-> c` when `x` is released.
    fn concat(&self, next: &Edge) -> Edge {
        if !self.strong {
            // Unknown extension after `self.path`: the child is somewhere below it.
            return Edge {
                strong: false,
                path: self.path.clone(),
            };
        }
        let mut path = self.path.clone();
        path.extend(next.path.iter().copied());
        let mut strong = next.strong;
        if path.len() > MAX_PATH_LEN {
            path.truncate(MAX_PATH_LEN);
            strong = false;
        }
        Edge { strong, path }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    mutable: bool,
    /// Outgoing edges: child -> edges.
    borrowed_by: BTreeMap<RefId, BTreeSet<Edge>>,
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

    /// All node ids.
    pub(crate) fn ids(&self) -> Vec<RefId> {
        self.nodes.keys().copied().collect()
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

    /// Adds the edge `parent -> child` (strong or weak) with the given path.
    pub(crate) fn add_borrow(
        &mut self,
        parent: RefId,
        child: RefId,
        strong: bool,
        path: Vec<Label>,
    ) -> GResult<()> {
        if parent == child || !self.nodes.contains_key(&child) {
            return Err(GraphInvariant);
        }
        let p = self.nodes.get_mut(&parent).ok_or(GraphInvariant)?;
        p.borrowed_by
            .entry(child)
            .or_default()
            .insert(Edge { strong, path });
        let c = self.nodes.get_mut(&child).ok_or(GraphInvariant)?;
        c.borrows_from.insert(parent);
        Ok(())
    }

    /// Removes `id`, connecting each of its parents to each of its children.
    pub(crate) fn release(&mut self, id: RefId) -> GResult<()> {
        let node = self.nodes.remove(&id).ok_or(GraphInvariant)?;
        // Detach from children.
        for child in node.borrowed_by.keys() {
            if let Some(c) = self.nodes.get_mut(child) {
                c.borrows_from.remove(&id);
            }
        }
        for parent in &node.borrows_from {
            let Some(p) = self.nodes.get_mut(parent) else {
                return Err(GraphInvariant);
            };
            let Some(in_edges) = p.borrowed_by.remove(&id) else {
                return Err(GraphInvariant);
            };
            for (child, out_edges) in &node.borrowed_by {
                if child == parent {
                    continue;
                }
                let entry = p.borrowed_by.entry(*child).or_default();
                for e1 in &in_edges {
                    for e2 in out_edges {
                        entry.insert(e1.concat(e2));
                    }
                }
            }
            for child in node.borrowed_by.keys() {
                if child == parent {
                    continue;
                }
                if let Some(c) = self.nodes.get_mut(child) {
                    c.borrows_from.insert(*parent);
                }
            }
        }
        Ok(())
    }

    /// The children of `id`.
    pub(crate) fn borrowed_by(&self, id: RefId) -> GResult<Borrowers> {
        let node = self.nodes.get(&id).ok_or(GraphInvariant)?;
        let mut full = BTreeSet::new();
        let mut fields: BTreeMap<Label, BTreeSet<RefId>> = BTreeMap::new();
        for (child, edges) in &node.borrowed_by {
            for e in edges {
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

    /// Least upper bound: union of nodes and edges. Nodes present in both must agree on
    /// mutability.
    pub(crate) fn join(&self, other: &Self) -> GResult<Self> {
        let mut out = self.clone();
        for (id, onode) in &other.nodes {
            match out.nodes.get_mut(id) {
                None => {
                    out.nodes.insert(*id, onode.clone());
                }
                Some(n) => {
                    if n.mutable != onode.mutable {
                        return Err(GraphInvariant);
                    }
                    for (c, es) in &onode.borrowed_by {
                        n.borrowed_by
                            .entry(*c)
                            .or_default()
                            .extend(es.iter().cloned());
                    }
                    n.borrows_from.extend(onode.borrows_from.iter().copied());
                }
            }
        }
        // Edges may point at nodes only one side had; both sides are canonical so all
        // referenced nodes exist in the union.
        for node in out.nodes.values() {
            for c in node.borrowed_by.keys().chain(node.borrows_from.iter()) {
                if !out.nodes.contains_key(c) {
                    return Err(GraphInvariant);
                }
            }
        }
        Ok(out)
    }

    /// Total number of edges (used for metering).
    pub(crate) fn edge_count(&self) -> usize {
        self.nodes
            .values()
            .map(|n| n.borrowed_by.values().map(BTreeSet::len).sum::<usize>())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_splices_paths() {
        let mut g = BorrowGraph::new();
        let (root, a, b) = (RefId(0), RefId(1), RefId(2));
        g.new_ref(root, true).unwrap();
        g.new_ref(a, true).unwrap();
        g.new_ref(b, true).unwrap();
        g.add_borrow(root, a, true, vec![Label::Local(0)]).unwrap();
        g.add_borrow(a, b, true, vec![Label::Field(0, 1)]).unwrap();
        g.release(a).unwrap();
        let bb = g.borrowed_by(root).unwrap();
        assert!(bb.full.is_empty());
        assert_eq!(bb.fields.get(&Label::Local(0)).map(|s| s.len()), Some(1));
        assert!(!g.contains(a));
    }

    #[test]
    fn weak_prefix_absorbs() {
        let weak = Edge {
            strong: false,
            path: vec![Label::Global(3)],
        };
        let next = Edge {
            strong: true,
            path: vec![Label::Field(3, 0)],
        };
        assert_eq!(weak.concat(&next), weak);
    }

    #[test]
    fn join_is_union_and_idempotent() {
        let mut g1 = BorrowGraph::new();
        g1.new_ref(RefId(0), true).unwrap();
        g1.new_ref(RefId(1), false).unwrap();
        let mut g2 = g1.clone();
        g2.add_borrow(RefId(0), RefId(1), true, vec![Label::Local(2)])
            .unwrap();
        let j = g1.join(&g2).unwrap();
        assert_eq!(j, g2);
        assert_eq!(j.join(&g2).unwrap(), j);
    }

    #[test]
    fn path_cap_weakens() {
        let long = Edge {
            strong: true,
            path: vec![Label::Local(0); MAX_PATH_LEN],
        };
        let next = Edge {
            strong: true,
            path: vec![Label::Field(0, 0)],
        };
        let c = long.concat(&next);
        assert!(!c.strong);
        assert_eq!(c.path.len(), MAX_PATH_LEN);
    }
}
