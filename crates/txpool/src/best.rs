//! The iterator a block builder pulls transactions from.

use crate::PoolTransaction;
use alloy_primitives::Address;
use std::{
    cmp::Reverse,
    collections::{BinaryHeap, HashMap, VecDeque},
    sync::Arc,
};

/// Pending transactions in block order at one base fee: across senders by effective tip
/// (highest first, ties by arrival, earliest first), within a sender strictly by nonce.
///
/// It owns a snapshot (`Arc`s), so the pool lock can be released while the block is built. A
/// sender's chain stops at its first transaction whose max fee is below the base fee (later
/// nonces cannot run before it). Call [`BestTransactions::mark_invalid`] when a transaction
/// fails so that the rest of that sender's chain is skipped.
#[derive(Debug)]
pub struct BestTransactions<T> {
    base_fee: u64,
    chains: Vec<VecDeque<(Arc<T>, u64)>>,
    by_sender: HashMap<Address, usize>,
    /// At most one entry per sender: the head of its chain, keyed (tip, earliest arrival).
    heap: BinaryHeap<(u128, Reverse<u64>, usize)>,
}

impl<T: PoolTransaction> BestTransactions<T> {
    /// `chains`: per sender, its pending transactions in nonce order with their arrival ids.
    pub(crate) fn new(
        base_fee: u64,
        chains: impl IntoIterator<Item = (Address, Vec<(Arc<T>, u64)>)>,
    ) -> Self {
        let mut best = Self {
            base_fee,
            chains: Vec::new(),
            by_sender: HashMap::new(),
            heap: BinaryHeap::new(),
        };
        for (sender, chain) in chains {
            let index = best.chains.len();
            best.chains.push(chain.into());
            best.by_sender.insert(sender, index);
            best.push_head(index);
        }
        best
    }

    /// Skips every remaining transaction of `sender` (its next nonce failed or is invalid).
    pub fn mark_invalid(&mut self, sender: Address) {
        if let Some(&index) = self.by_sender.get(&sender) {
            // The heap entry of this sender, if any, finds an empty chain and is skipped.
            self.chains[index].clear();
        }
    }

    /// Base fee the order was computed for.
    pub const fn base_fee(&self) -> u64 {
        self.base_fee
    }

    fn push_head(&mut self, index: usize) {
        let chain = &mut self.chains[index];
        let Some((tx, arrival)) = chain.front() else {
            return;
        };
        match tx.effective_tip(self.base_fee) {
            Some(tip) => self.heap.push((tip, Reverse(*arrival), index)),
            // Below the base fee: neither this nor any later nonce can be included now.
            None => chain.clear(),
        }
    }
}

impl<T: PoolTransaction> Iterator for BestTransactions<T> {
    type Item = Arc<T>;

    fn next(&mut self) -> Option<Arc<T>> {
        while let Some((_, _, index)) = self.heap.pop() {
            let Some((tx, _)) = self.chains[index].pop_front() else {
                continue; // marked invalid after its head was queued
            };
            self.push_head(index);
            return Some(tx);
        }
        None
    }
}
