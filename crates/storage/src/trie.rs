//! Incremental Merkle-Patricia roots over the hashed-state tables.
//!
//! The store keeps, per trie, the branch nodes that alloy-trie's [`HashBuilder`] reports
//! (`with_updates(true)`) keyed by their nibble path. A branch node stores the hashes of its
//! child branch nodes (`hash_mask`) and which children have stored nodes below them
//! (`tree_mask`). To recompute a root after a change, the [`walk`] visits stored nodes from the
//! root down, only along the paths of changed keys:
//!
//! - a child whose subtree contains no changed key and whose hash is stored is fed to the hash
//!   builder as that hash (`add_branch`), without reading anything below it;
//! - a child with a stored node below it and a changed key in it is descended into;
//! - any other child that contains a changed key is rebuilt from its leaves (the committed leaves
//!   merged with the overlay of new values), dropping whatever nodes were stored under it.
//!
//! So the cost is proportional to the number of changed keys times the trie depth, not to the
//! size of the state. The hash builder does all hashing and RLP; this module only decides what
//! to feed it. Every stored node the walk expanded or rebuilt is a removal candidate: the ones
//! the hash builder does not re-emit no longer exist and are deleted on commit.
//!
//! The same walk, with the proof targets as the "changed" keys and a proof retainer in the hash
//! builder, produces `eth_getProof` nodes.

use crate::overlay::KvSource;
use crate::{
    codec::decode_branch,
    error::{Result, StorageError},
    tables::{nibbles_from_key, nibbles_key, prefix_bounds},
};
use alloy_primitives::{Address, B256};
use alloy_trie::{
    BranchNodeCompact, HashBuilder, Nibbles,
    proof::{ProofNodes, ProofRetainer},
};
use std::collections::BTreeMap;

/// New leaf values of one trie, by hashed key; `None` deletes the leaf.
pub(crate) type Overlay = BTreeMap<B256, Option<Vec<u8>>>;

/// Output of [`crate::Store::state_root`]: the new root and everything `commit_block` must write
/// so that the stored trie matches it. Only valid on top of the head it was computed on.
#[derive(Debug, Clone, Default)]
pub struct TrieUpdates {
    /// Head block number the updates were computed on (`None`: empty database).
    pub(crate) parent: Option<u64>,
    /// Hash of that head block.
    pub(crate) parent_hash: Option<B256>,
    /// The new state root.
    pub(crate) root: B256,
    /// New account leaves (RLP of the trie account) by keccak(address).
    pub(crate) account_leaves: Overlay,
    /// Account trie nodes to insert.
    pub(crate) account_nodes: BTreeMap<Nibbles, BranchNodeCompact>,
    /// Account trie nodes to delete.
    pub(crate) removed_account_nodes: Vec<Nibbles>,
    /// Storage trie changes by keccak(address).
    pub(crate) storage: BTreeMap<B256, StorageTrieUpdates>,
    /// Storage roots of the changed accounts that exist after the diff.
    pub(crate) storage_roots: BTreeMap<Address, B256>,
    /// How much stored data the walks read (all tries together).
    pub(crate) stats: WalkStats,
}

/// Work done by walks: what makes the cost visible in tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WalkStats {
    /// Committed leaves read from the hashed-state tables.
    pub(crate) leaves_read: usize,
    /// Stored branch nodes read.
    pub(crate) nodes_read: usize,
}

impl WalkStats {
    pub(crate) const fn add(&mut self, other: Self) {
        self.leaves_read += other.leaves_read;
        self.nodes_read += other.nodes_read;
    }
}

impl TrieUpdates {
    /// The state root after the diff.
    pub const fn state_root(&self) -> B256 {
        self.root
    }

    /// Storage root after the diff of an account the diff changed (`None` for accounts the diff
    /// did not touch or destroyed). Use [`crate::Store::storage_root`] for the others.
    pub fn storage_root(&self, address: Address) -> Option<B256> {
        self.storage_roots.get(&address).copied()
    }

    /// Storage roots after the diff of all changed, existing accounts.
    pub const fn storage_roots(&self) -> &BTreeMap<Address, B256> {
        &self.storage_roots
    }

    /// Head block the updates apply on top of (`None` for the genesis block).
    pub const fn parent(&self) -> Option<u64> {
        self.parent
    }
}

/// Storage trie changes of one account.
#[derive(Debug, Clone, Default)]
pub(crate) struct StorageTrieUpdates {
    /// All previous storage (leaves and nodes) is deleted before the rest applies.
    pub(crate) wiped: bool,
    /// New leaves (RLP of the value) by keccak(slot).
    pub(crate) leaves: Overlay,
    /// Nodes to insert.
    pub(crate) nodes: BTreeMap<Nibbles, BranchNodeCompact>,
    /// Nodes to delete.
    pub(crate) removed: Vec<Nibbles>,
}

/// Where one trie lives: its node table, its leaf table and the key prefix of this trie in both
/// (empty for the account trie, keccak(address) for a storage trie).
pub(crate) struct TrieSource<'a, N, L> {
    pub(crate) nodes: &'a N,
    pub(crate) leaves: &'a L,
    pub(crate) prefix: &'a [u8],
    /// `false`: ignore everything stored (a wiped storage trie): only the overlay counts.
    pub(crate) stored: bool,
}

/// Result of one walk.
pub(crate) struct WalkOutput {
    pub(crate) root: B256,
    pub(crate) updated: BTreeMap<Nibbles, BranchNodeCompact>,
    pub(crate) removed: Vec<Nibbles>,
    pub(crate) proof: ProofNodes,
    pub(crate) stats: WalkStats,
}

/// Computes the root of one trie after `overlay` is applied to the committed leaves.
///
/// `changed` lists (sorted, deduplicated) every key whose leaf may differ from what the stored
/// nodes were built from: the overlay keys, plus keys already changed in the leaf table (revert),
/// plus proof targets. With `proof_targets`, the nodes on their paths are retained.
pub(crate) fn walk<N, L>(
    source: &TrieSource<'_, N, L>,
    overlay: &Overlay,
    changed: &[Nibbles],
    proof_targets: Option<Vec<Nibbles>>,
) -> Result<WalkOutput>
where
    N: KvSource,
    L: KvSource,
{
    debug_assert!(
        changed.windows(2).all(|w| w[0] < w[1]),
        "changed keys must be sorted"
    );
    let mut hb = HashBuilder::default().with_updates(true);
    if let Some(targets) = proof_targets {
        hb = hb.with_proof_retainer(ProofRetainer::new(targets));
    }
    let mut walker = Walker {
        nodes: source.nodes,
        leaves: source.leaves,
        prefix: source.prefix,
        stored: source.stored,
        overlay,
        changed,
        hb,
        expanded: Vec::new(),
        stats: WalkStats::default(),
    };
    walker.subtree(Nibbles::default())?;
    let root = walker.hb.root();
    let (mut hb, updated) = walker.hb.split();
    let proof = hb.take_proof_nodes();
    let updated: BTreeMap<Nibbles, BranchNodeCompact> = updated.into_iter().collect();
    let mut removed = walker.expanded;
    removed.retain(|p| !updated.contains_key(p));
    Ok(WalkOutput {
        root,
        updated,
        removed,
        proof,
        stats: walker.stats,
    })
}

struct Walker<'a, N, L> {
    nodes: &'a N,
    leaves: &'a L,
    prefix: &'a [u8],
    stored: bool,
    overlay: &'a Overlay,
    changed: &'a [Nibbles],
    hb: HashBuilder,
    /// Stored nodes that were expanded or dropped: deleted unless the hash builder re-emits them.
    expanded: Vec<Nibbles>,
    stats: WalkStats,
}

impl<N, L> Walker<'_, N, L>
where
    N: KvSource,
    L: KvSource,
{
    fn changed_under(&self, prefix: &Nibbles) -> bool {
        let i = self.changed.partition_point(|k| k < prefix);
        self.changed.get(i).is_some_and(|k| k.starts_with(prefix))
    }

    /// A changed key under `prefix` that is not under `inner`.
    fn changed_outside(&self, prefix: &Nibbles, inner: &Nibbles) -> bool {
        let i = self.changed.partition_point(|k| k < prefix);
        self.changed[i..]
            .iter()
            .take_while(|k| k.starts_with(prefix))
            .any(|k| !k.starts_with(inner))
    }

    /// First stored node whose path starts with `prefix`.
    fn seek_node(&mut self, prefix: &Nibbles) -> Result<Option<(Nibbles, BranchNodeCompact)>> {
        if !self.stored {
            return Ok(None);
        }
        let start = nibbles_key(self.prefix, prefix);
        let mut found = None;
        self.nodes.scan(&start, None, &mut |k, v| {
            if k.starts_with(&start) {
                found = Some((k.to_vec(), v.to_vec()));
            }
            Ok(false)
        })?;
        let Some((k, v)) = found else {
            return Ok(None);
        };
        let path = nibbles_from_key(&k[self.prefix.len()..])
            .ok_or_else(|| StorageError::corrupt("trie node key", "not a nibble path"))?;
        self.stats.nodes_read += 1;
        Ok(Some((path, decode_branch(&v)?)))
    }

    /// Marks every stored node under `prefix` for removal.
    fn drop_nodes_under(&mut self, prefix: &Nibbles) -> Result<()> {
        if !self.stored {
            return Ok(());
        }
        let start = nibbles_key(self.prefix, prefix);
        let key_prefix = self.prefix.len();
        let expanded = &mut self.expanded;
        self.nodes.scan(&start, None, &mut |k, _| {
            if !k.starts_with(&start) {
                return Ok(false);
            }
            let path = nibbles_from_key(&k[key_prefix..])
                .ok_or_else(|| StorageError::corrupt("trie node key", "not a nibble path"))?;
            expanded.push(path);
            Ok(true)
        })
    }

    /// Feeds everything under `prefix` to the hash builder.
    fn subtree(&mut self, prefix: Nibbles) -> Result<()> {
        match self.seek_node(&prefix)? {
            // A stored node deeper than `prefix` (below an extension) holds all old keys under
            // `prefix`; a changed key beside it changes the structure above it: rebuild.
            Some((path, _)) if path != prefix && self.changed_outside(&prefix, &path) => {
                self.leaves(&prefix)
            }
            Some((path, node)) => self.walk_node(path, &node),
            None => self.leaves(&prefix),
        }
    }

    fn walk_node(&mut self, path: Nibbles, node: &BranchNodeCompact) -> Result<()> {
        // Branch nodes sit above leaves (64 nibbles); one at depth 63 has only leaf children.
        if path.len() >= 64 || (path.len() == 63 && !node.hash_mask.is_empty()) {
            return Err(StorageError::corrupt(
                "trie node",
                format!("branch at depth {}", path.len()),
            ));
        }
        self.expanded.push(path);
        for n in 0u8..16 {
            let mut child = path;
            child.push(n);
            if node.state_mask.is_bit_set(n) {
                if node.hash_mask.is_bit_set(n) && !self.changed_under(&child) {
                    let hash = node.hash_for_nibble(n);
                    self.hb
                        .add_branch(child, hash, node.tree_mask.is_bit_set(n));
                } else if node.tree_mask.is_bit_set(n) {
                    self.subtree(child)?;
                } else {
                    self.leaves(&child)?;
                }
            } else if self.changed_under(&child) {
                self.leaves(&child)?;
            }
        }
        Ok(())
    }

    /// Rebuilds the subtree under `prefix` from its leaves: committed leaves merged with the
    /// overlay. Where keys changed, stored nodes under it (normally none: the parent's tree mask
    /// says so) are dropped; an unchanged subtree without a stored node has none to drop.
    fn leaves(&mut self, prefix: &Nibbles) -> Result<()> {
        if self.changed_under(prefix) {
            self.drop_nodes_under(prefix)?;
        }
        let (lo, hi) = prefix_bounds(prefix);
        let mut overlay = self.overlay.range(lo..=hi).peekable();
        let hb = &mut self.hb;
        // Overlay entries below `bound` (all of them for `None`) go to the hash builder.
        let mut emit_overlay = |hb: &mut HashBuilder, bound: Option<&B256>| {
            while let Some((k, v)) = overlay.next_if(|(k, _)| bound.is_none_or(|b| *k < b)) {
                if let Some(v) = v {
                    hb.add_leaf(Nibbles::unpack(k), v);
                }
            }
        };
        let mut read = 0usize;
        if self.stored {
            let lo_key = [self.prefix, lo.as_slice()].concat();
            let hi_key = [self.prefix, hi.as_slice()].concat();
            let key_prefix = self.prefix.len();
            let overlay_map = self.overlay;
            self.leaves.scan(&lo_key, Some(&hi_key), &mut |k, v| {
                if k.len() != key_prefix + 32 {
                    return Err(StorageError::corrupt(
                        "hashed state key",
                        format!("length {}", k.len()),
                    ));
                }
                read += 1;
                let key = B256::from_slice(&k[key_prefix..]);
                emit_overlay(hb, Some(&key));
                // A key in the overlay replaces the committed value (emitted with the overlay).
                if !overlay_map.contains_key(&key) {
                    hb.add_leaf(Nibbles::unpack(key), v);
                }
                Ok(true)
            })?;
        }
        emit_overlay(hb, None);
        self.stats.leaves_read += read;
        Ok(())
    }
}
