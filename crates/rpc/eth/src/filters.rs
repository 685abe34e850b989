//! Polling filters: `eth_newFilter`, `eth_newBlockFilter`, `eth_newPendingTransactionFilter`,
//! `eth_getFilterChanges`, `eth_getFilterLogs`, `eth_uninstallFilter`. Idle filters expire.

use crate::{
    context::{ChainEvent, EthContext},
    error::RpcError,
};
use alloy_primitives::{B256, U256};
use alloy_rpc_types_eth::{Filter, FilterChanges, Log};
use jsonrpsee::{core::RpcResult as JsonRpcResult, proc_macros::rpc};
use parking_lot::Mutex;
use std::{
    collections::{HashMap, VecDeque},
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::sync::broadcast;

/// Max filters alive at once, so a client cannot grow the node's memory without bound.
const MAX_FILTERS: usize = 10_000;

/// How many of the blocks a filter already covered it remembers (number and hash), to notice
/// `evm_revert` replacing them. A revert deeper than this resumes at the oldest one remembered.
const REMEMBERED_BLOCKS: usize = 64;

/// The last blocks a filter covered, oldest first.
#[derive(Debug, Default)]
struct Covered(VecDeque<(u64, B256)>);

impl Covered {
    fn push(&mut self, number: u64, hash: B256) {
        if self.0.len() == REMEMBERED_BLOCKS {
            self.0.pop_front();
        }
        self.0.push_back((number, hash));
    }

    /// Remembers the blocks `from..=to` (the last [`REMEMBERED_BLOCKS`] of them).
    fn push_range(&mut self, ctx: &EthContext, from: u64, to: u64) -> Result<(), RpcError> {
        let start = from.max(to.saturating_sub(REMEMBERED_BLOCKS as u64 - 1));
        for number in start..=to {
            if let Some(hash) = ctx.store.block_hash(number)? {
                self.push(number, hash);
            }
        }
        Ok(())
    }

    /// `evm_revert` can replace blocks the filter already covered, and the chain then grows
    /// again through the same numbers: move `next_block` back to the first replaced block so the
    /// new ones are delivered instead of skipped.
    fn rewind(&mut self, ctx: &EthContext, next_block: &mut u64) -> Result<(), RpcError> {
        while let Some(&(number, hash)) = self.0.back() {
            if ctx.store.block_hash(number)? == Some(hash) {
                break;
            }
            self.0.pop_back();
            *next_block = (*next_block).min(number);
        }
        Ok(())
    }
}

/// A poll's logs; `Empty` (`[]`) when there are none.
fn logs_or_empty(logs: Vec<Log>) -> FilterChanges<B256, Log> {
    if logs.is_empty() {
        FilterChanges::Empty
    } else {
        FilterChanges::Logs(logs)
    }
}

#[derive(Debug)]
enum FilterKind {
    Logs {
        filter: Box<Filter>,
        /// The first block the filter reports (its `next_block` when installed).
        first_block: u64,
        next_block: u64,
        covered: Covered,
        /// Chain events since the last poll, for the removed logs of `evm_revert`. Best effort:
        /// a filter polled after the event channel moved on (it lags) reports no removed logs,
        /// only the rewind.
        events: broadcast::Receiver<ChainEvent>,
    },
    Blocks {
        next_block: u64,
        covered: Covered,
    },
    PendingTransactions(broadcast::Receiver<ChainEvent>),
}

#[derive(Debug)]
struct Installed {
    kind: FilterKind,
    last_poll: Instant,
}

/// The filter namespace.
#[rpc(server)]
pub(crate) trait FilterApi {
    #[method(name = "eth_newFilter")]
    fn new_filter(&self, filter: Filter) -> JsonRpcResult<U256>;
    #[method(name = "eth_newBlockFilter")]
    fn new_block_filter(&self) -> JsonRpcResult<U256>;
    #[method(name = "eth_newPendingTransactionFilter")]
    fn new_pending_transaction_filter(&self) -> JsonRpcResult<U256>;
    #[method(name = "eth_getFilterChanges")]
    fn filter_changes(&self, id: U256) -> JsonRpcResult<FilterChanges<B256, Log>>;
    #[method(name = "eth_getFilterLogs")]
    fn filter_logs(&self, id: U256) -> JsonRpcResult<Vec<Log>>;
    #[method(name = "eth_uninstallFilter")]
    fn uninstall_filter(&self, id: U256) -> JsonRpcResult<bool>;
}

/// Installed filters plus the context to answer them.
#[derive(Debug, Clone)]
pub(crate) struct Filters {
    ctx: EthContext,
    installed: Arc<Mutex<HashMap<U256, Installed>>>,
    next_id: Arc<Mutex<u64>>,
}

fn not_found() -> RpcError {
    RpcError::NotFound("filter not found".into())
}

impl Filters {
    pub(crate) fn new(ctx: EthContext) -> Self {
        Self {
            ctx,
            installed: Default::default(),
            next_id: Arc::new(Mutex::new(1)),
        }
    }

    fn install(&self, kind: FilterKind) -> Result<U256, RpcError> {
        let timeout = Duration::from_secs(self.ctx.config.filter_timeout_secs);
        let mut installed = self.installed.lock();
        installed.retain(|_, f| f.last_poll.elapsed() < timeout);
        if installed.len() >= MAX_FILTERS {
            return Err(RpcError::LimitExceeded(format!(
                "too many filters (max {MAX_FILTERS})"
            )));
        }
        let mut next = self.next_id.lock();
        let id = U256::from(*next);
        *next += 1;
        installed.insert(
            id,
            Installed {
                kind,
                last_poll: Instant::now(),
            },
        );
        Ok(id)
    }
}

impl FilterApiServer for Filters {
    fn new_filter(&self, filter: Filter) -> JsonRpcResult<U256> {
        let mut covered = Covered::default();
        let next_block = match filter.get_from_block() {
            Some(n) => n,
            None => {
                let latest = self.ctx.latest_number()?;
                covered.push_range(&self.ctx, latest, latest)?;
                latest + 1
            }
        };
        Ok(self.install(FilterKind::Logs {
            filter: Box::new(filter),
            first_block: next_block,
            next_block,
            covered,
            events: self.ctx.events.subscribe(),
        })?)
    }

    fn new_block_filter(&self) -> JsonRpcResult<U256> {
        let latest = self.ctx.latest_number()?;
        let mut covered = Covered::default();
        covered.push_range(&self.ctx, latest, latest)?;
        Ok(self.install(FilterKind::Blocks {
            next_block: latest + 1,
            covered,
        })?)
    }

    fn new_pending_transaction_filter(&self) -> JsonRpcResult<U256> {
        Ok(self.install(FilterKind::PendingTransactions(self.ctx.events.subscribe()))?)
    }

    fn filter_changes(&self, id: U256) -> JsonRpcResult<FilterChanges<B256, Log>> {
        let latest = self.ctx.latest_number()?;
        let mut installed = self.installed.lock();
        let entry = installed.get_mut(&id).ok_or_else(not_found)?;
        entry.last_poll = Instant::now();
        match &mut entry.kind {
            FilterKind::Blocks {
                next_block,
                covered,
            } => {
                covered.rewind(&self.ctx, next_block)?;
                let mut hashes = Vec::new();
                // Bounded like a log query, so one poll cannot ask for the whole chain.
                let to = latest.min(*next_block + self.ctx.config.max_logs_block_range);
                for number in *next_block..=to {
                    if let Some(b) = self
                        .ctx
                        .store
                        .block_by_number(number)
                        .map_err(RpcError::from)?
                    {
                        covered.push(number, b.hash);
                        hashes.push(b.hash);
                    }
                }
                *next_block = to.max(*next_block - 1) + 1;
                Ok(FilterChanges::Hashes(hashes))
            }
            FilterKind::PendingTransactions(rx) => {
                let mut hashes = Vec::new();
                loop {
                    match rx.try_recv() {
                        Ok(ChainEvent::PendingTransaction(h)) => hashes.push(h),
                        Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                        Err(_) => break,
                    }
                }
                Ok(FilterChanges::Hashes(hashes))
            }
            FilterKind::Logs {
                filter,
                first_block,
                next_block,
                covered,
                events,
            } => {
                // Logs this filter already delivered from blocks that a revert removed.
                let mut removed = Vec::new();
                loop {
                    match events.try_recv() {
                        Ok(ChainEvent::Reverted(blocks)) => {
                            removed.extend(
                                self.ctx
                                    .removed_logs(filter, &blocks)
                                    .into_iter()
                                    .filter(|l| {
                                        l.block_number
                                            .is_some_and(|n| n >= *first_block && n < *next_block)
                                    }),
                            );
                        }
                        Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                        Err(_) => break,
                    }
                }
                covered.rewind(&self.ctx, next_block)?;
                if *next_block > latest {
                    return Ok(logs_or_empty(removed));
                }
                // At most one query's worth of blocks per poll (like the block filter): a filter
                // left unpolled for longer than the range limit catches up over several polls
                // instead of failing with "exceeds max block range" forever.
                let max_to = next_block
                    .saturating_add(self.ctx.config.max_logs_block_range.saturating_sub(1));
                let to = match filter.get_to_block() {
                    Some(to) => to.min(latest),
                    None => latest,
                }
                .min(max_to);
                if *next_block > to {
                    return Ok(logs_or_empty(removed));
                }
                let mut ranged = (**filter).clone();
                ranged = ranged.from_block(*next_block).to_block(to);
                removed.extend(self.ctx.get_logs(&ranged)?);
                covered.push_range(&self.ctx, *next_block, to)?;
                *next_block = to + 1;
                Ok(FilterChanges::Logs(removed))
            }
        }
    }

    fn filter_logs(&self, id: U256) -> JsonRpcResult<Vec<Log>> {
        let filter = {
            let mut installed = self.installed.lock();
            let entry = installed.get_mut(&id).ok_or_else(not_found)?;
            entry.last_poll = Instant::now();
            match &entry.kind {
                FilterKind::Logs { filter, .. } => (**filter).clone(),
                _ => {
                    return Err(RpcError::InvalidParams("filter is not a log filter".into()).into());
                }
            }
        };
        Ok(self.ctx.get_logs(&filter)?)
    }

    fn uninstall_filter(&self, id: U256) -> JsonRpcResult<bool> {
        Ok(self.installed.lock().remove(&id).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covered_blocks_are_bounded_and_keep_the_newest() {
        let mut covered = Covered::default();
        for n in 0..(REMEMBERED_BLOCKS as u64 + 6) {
            covered.push(n, B256::with_last_byte(n as u8));
        }
        assert_eq!(covered.0.len(), REMEMBERED_BLOCKS);
        assert_eq!(covered.0.front().map(|c| c.0), Some(6));
        assert_eq!(
            covered.0.back().map(|c| c.0),
            Some(REMEMBERED_BLOCKS as u64 + 5)
        );
    }
}
