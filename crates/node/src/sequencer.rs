//! The sequencer: the only writer of the chain.
//!
//! It builds a block from the pool (instant mining: as soon as transactions are pending,
//! batching whatever arrived meanwhile; interval mining: every `--block-time`), computes the
//! state root from the block's diff, commits block + receipts + state in one atomic write, and
//! only then publishes the block — so a receipt a client has seen is always durable.
//! Dev commands (mine, snapshot/revert, set balance) are served here too, in order with blocks.
//!
//! Building and committing a block is synchronous CPU and disk work (a 20k-transaction block
//! takes a few hundred ms), so the sequencer runs on a thread of its own ([`Sequencer::spawn`]),
//! never on the RPC server's runtime: readers keep every worker while a block is produced, and
//! they never wait for it (the store serves committed versions to readers during a commit).

use crate::NodeError;
use alloy_primitives::{Address, B256, U256};
use lumio_execution::{BlockAttrs, BlockBuilder, RecoveredTx, TxExecError};
use lumio_primitives::{AccountDiff, AccountState, ChainSpec};
use lumio_rpc_eth::{ChainEvent, DevCommand, MinedBlock};
use lumio_storage::Store;
use lumio_txpool::{PooledTx, TxPool};
use parking_lot::Mutex;
use std::{
    collections::BTreeMap,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};
use tokio::sync::{Notify, broadcast, mpsc, oneshot, watch};

/// A balance set by `anvil_setBalance`, applied in the next block's state diff.
type BalanceOverride = (Address, U256);

/// Builds and commits blocks; see the module docs.
#[derive(Debug)]
pub struct Sequencer {
    spec: Arc<ChainSpec>,
    store: Arc<Store>,
    pool: Arc<Mutex<TxPool<PooledTx>>>,
    events: broadcast::Sender<ChainEvent>,
    tx_notify: Arc<Notify>,
    block_time: Option<Duration>,
    /// Snapshot id -> head block number at the time of `evm_snapshot`.
    snapshots: BTreeMap<U256, u64>,
    next_snapshot: u64,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

impl Sequencer {
    /// A sequencer over the given components.
    pub fn new(
        spec: Arc<ChainSpec>,
        store: Arc<Store>,
        pool: Arc<Mutex<TxPool<PooledTx>>>,
        events: broadcast::Sender<ChainEvent>,
        tx_notify: Arc<Notify>,
        block_time: Option<Duration>,
    ) -> Self {
        Self {
            spec,
            store,
            pool,
            events,
            tx_notify,
            block_time,
            snapshots: BTreeMap::new(),
            next_snapshot: 1,
        }
    }

    /// Runs [`Sequencer::run`] on a new thread with a single-threaded runtime of its own; the
    /// receiver yields its result when it ends (an error if the thread panicked).
    pub fn spawn(
        self,
        commands: mpsc::Receiver<DevCommand>,
        stop: watch::Receiver<bool>,
    ) -> Result<oneshot::Receiver<Result<(), NodeError>>, NodeError> {
        let (done, result) = oneshot::channel();
        std::thread::Builder::new()
            .name("sequencer".into())
            .spawn(move || {
                let outcome = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(self.run(commands, stop)),
                    Err(err) => Err(NodeError::Io(err)),
                };
                let _ = done.send(outcome);
            })?;
        Ok(result)
    }

    /// Runs until `stop` turns true. Errors of one block are logged and the loop goes on; only
    /// storage failures that leave the node unable to write end it.
    pub async fn run(
        mut self,
        mut commands: mpsc::Receiver<DevCommand>,
        mut stop: watch::Receiver<bool>,
    ) -> Result<(), NodeError> {
        let mut interval = self.block_time.map(|t| {
            let mut i = tokio::time::interval_at(tokio::time::Instant::now() + t, t);
            i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            i
        });
        let notify = self.tx_notify.clone();
        loop {
            tokio::select! {
                biased;
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() { break; }
                }
                Some(cmd) = commands.recv() => self.handle(cmd),
                _ = async { interval.as_mut().map(|i| i.tick()).expect("guarded").await }, if interval.is_some() => {
                    if let Err(err) = self.mine(None, None, false) {
                        tracing::error!(%err, "block building failed");
                    }
                }
                _ = notify.notified(), if interval.is_none() => self.mine_pending(),
            }
        }
        Ok(())
    }

    /// Instant mining: blocks while the pool has includable transactions.
    fn mine_pending(&mut self) {
        loop {
            if self.pool.lock().pending_count() == 0 {
                return;
            }
            match self.mine(None, None, true) {
                Ok((_, 0)) => return, // nothing includable now (e.g. fee below base fee)
                Ok(_) => {}
                Err(err) => {
                    tracing::error!(%err, "block building failed");
                    return;
                }
            }
        }
    }

    fn handle(&mut self, cmd: DevCommand) {
        match cmd {
            DevCommand::Mine {
                blocks,
                timestamp,
                reply,
            } => {
                let mut result = Ok(0);
                for i in 0..blocks.max(1) {
                    result = self
                        .mine(timestamp.map(|t| t + i), None, false)
                        .map(|(n, _)| n);
                    if result.is_err() {
                        break;
                    }
                }
                let _ = reply.send(result.map_err(|e| e.to_string()));
            }
            DevCommand::Snapshot { reply } => {
                let result = match self.store.latest_block_number() {
                    Ok(Some(head)) => {
                        let id = U256::from(self.next_snapshot);
                        self.next_snapshot += 1;
                        self.snapshots.insert(id, head);
                        Ok(id)
                    }
                    Ok(None) => Err("the store holds no genesis block".to_owned()),
                    Err(e) => Err(e.to_string()),
                };
                let _ = reply.send(result);
            }
            DevCommand::Revert { id, reply } => {
                let _ = reply.send(self.revert(id).map_err(|e| e.to_string()));
            }
            DevCommand::SetBalance {
                address,
                balance,
                reply,
            } => {
                let result = self.mine(None, Some((address, balance)), false).map(|_| ());
                let _ = reply.send(result.map_err(|e| e.to_string()));
            }
        }
    }

    fn revert(&mut self, id: U256) -> Result<bool, NodeError> {
        let Some(&number) = self.snapshots.get(&id) else {
            return Ok(false);
        };
        // The blocks about to go, for subscribers' removed logs: only when someone listens, and
        // only the newest REMOVED_LOGS_DEPTH of them (log filters remember fewer blocks than
        // that anyway), so a deep revert does not load its whole history into memory.
        let head = self.store.latest_block_number()?.unwrap_or(number);
        let first = if self.events.receiver_count() == 0 {
            head + 1
        } else {
            (number + 1).max(head.saturating_sub(REMOVED_LOGS_DEPTH - 1))
        };
        let mut removed = Vec::new();
        for n in first..=head {
            if let (Some(block), Some(receipts)) =
                (self.store.block_by_number(n)?, self.store.receipts(n)?)
            {
                removed.push(MinedBlock { block, receipts });
            }
        }
        self.store.revert_to(number)?;
        if !removed.is_empty() {
            let _ = self.events.send(ChainEvent::Reverted(Arc::new(removed)));
        }
        // A snapshot can be reverted to once; later ones are gone with the blocks (as anvil).
        self.snapshots.retain(|k, _| *k < id);
        let state = self.store.latest()?;
        self.pool.lock().on_block(&[], &state);
        Ok(true)
    }

    /// Builds, commits and publishes one block. Returns its number and transaction count. With
    /// `skip_empty` (instant mining) a block that would include no transaction is not committed
    /// (the head's number and 0 are returned), so a pending transaction that cannot be included
    /// yet does not produce empty blocks.
    fn mine(
        &mut self,
        timestamp: Option<u64>,
        balance_override: Option<BalanceOverride>,
        skip_empty: bool,
    ) -> Result<(u64, usize), NodeError> {
        // The head header from the store's memory: the parent's transactions are not needed.
        let parent = self
            .store
            .head_header()
            .ok_or_else(|| NodeError::Build("the store holds no genesis block".into()))?;
        let head = parent.number;
        let timestamp = timestamp.unwrap_or_else(|| now_secs().max(parent.timestamp + 1));
        let state = self.store.latest()?;

        let started = std::time::Instant::now();
        let built = catch_unwind(AssertUnwindSafe(|| {
            self.build(&state, &parent, timestamp, balance_override)
        }));
        let (executed, included, invalid) = match built {
            Ok(result) => result?,
            Err(panic) => {
                // A VM bug must not take the node down: drop the batch, log loudly, go on.
                let msg = panic_message(&panic);
                tracing::error!(%msg, "PANIC while building a block; dropping its candidate transactions");
                let mut pool = self.pool.lock();
                let hashes: Vec<B256> = pool.pending_txs().map(|t| t.hash).collect();
                for hash in &hashes {
                    pool.remove(hash);
                }
                return Err(NodeError::Build(format!("panic: {msg}")));
            }
        };

        if skip_empty && included.is_empty() {
            let mut pool = self.pool.lock();
            for hash in &invalid {
                pool.remove(hash);
            }
            return Ok((head, 0));
        }

        let executed_at = started.elapsed();
        let (state_root, trie_updates) = self.store.state_root(&executed.diff)?;
        let withdrawals_root = if executed.needs_message_passer_root() {
            crate::genesis::message_passer_root(&self.store, &trie_updates)?
        } else {
            alloy_trie_empty_root()
        };
        let block = lumio_execution::seal(&executed, state_root, withdrawals_root);
        let rooted_at = started.elapsed();
        let receipts = executed.receipts;
        self.store
            .commit_block(&block, &receipts, &executed.diff, trie_updates)?;
        let committed_at = started.elapsed();

        let number = block.number();
        let count = block.transactions.len();
        {
            let state = self.store.latest()?;
            let mut pool = self.pool.lock();
            for hash in &invalid {
                pool.remove(hash);
            }
            let update = pool.on_block(&included, &state);
            for hash in update.promoted {
                let _ = self.events.send(ChainEvent::PendingTransaction(hash));
            }
        }
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        tracing::info!(
            number,
            txs = count,
            hash = %block.hash,
            execute_ms = format_args!("{:.1}", ms(executed_at)),
            state_root_ms = format_args!("{:.1}", ms(rooted_at - executed_at)),
            commit_ms = format_args!("{:.1}", ms(committed_at - rooted_at)),
            pool_ms = format_args!("{:.1}", ms(started.elapsed() - committed_at)),
            "block committed"
        );
        let _ = self.events.send(ChainEvent::NewBlock(Arc::new(MinedBlock {
            block,
            receipts,
        })));
        Ok((number, count))
    }

    #[allow(clippy::type_complexity)]
    fn build(
        &self,
        state: &lumio_storage::StateSnapshot,
        parent: &alloy_consensus::Header,
        timestamp: u64,
        balance_override: Option<BalanceOverride>,
    ) -> Result<(lumio_execution::ExecutedBlock, Vec<B256>, Vec<B256>), NodeError> {
        let mut builder =
            BlockBuilder::new(state, &self.spec, parent, timestamp, BlockAttrs::default())
                .map_err(|e| NodeError::Build(e.to_string()))?;
        let base_fee = builder.header().base_fee_per_gas.unwrap_or_default();
        // The iterator owns a snapshot of the pool, so the lock is not held while executing.
        let mut best = self.pool.lock().best_transactions(base_fee);
        let (mut included, mut invalid) = (Vec::new(), Vec::new());
        while let Some(pooled) = best.next() {
            let tx = RecoveredTx {
                hash: pooled.hash,
                sender: pooled.sender,
                envelope: pooled.envelope.clone(),
                encoded: pooled.encoded.clone(),
            };
            match builder.execute_tx(&tx) {
                Ok(_) => included.push(tx.hash),
                // Does not fit this block; try the next (smaller) one, keep it for later.
                Err(TxExecError::ExceedsBlockGas { .. }) => best.mark_invalid(tx.sender),
                Err(err) => {
                    tracing::debug!(hash = %tx.hash, %err, "transaction dropped from block");
                    invalid.push(tx.hash);
                    best.mark_invalid(tx.sender);
                }
            }
        }
        let mut executed = builder
            .finish()
            .map_err(|e| NodeError::Build(e.to_string()))?;
        if let Some((address, balance)) = balance_override {
            let current = state
                .account(address)
                .map_err(|e| NodeError::Build(e.to_string()))?;
            let entry = executed
                .diff
                .accounts
                .get_or_insert_with(address, || AccountDiff {
                    info: current,
                    ..Default::default()
                });
            let mut info = entry
                .info
                .unwrap_or(current.unwrap_or_else(AccountState::default));
            info.balance = balance;
            entry.info = Some(info);
        }
        Ok((executed, included, invalid))
    }
}

/// How many of the newest reverted blocks `evm_revert` reports removed logs for.
const REMOVED_LOGS_DEPTH: u64 = 1024;

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Root of an empty trie: the `withdrawalsRoot` before Isthmus (empty withdrawals list).
fn alloy_trie_empty_root() -> B256 {
    alloy_primitives::b256!("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_root_constant_is_the_empty_trie_root() {
        assert_eq!(alloy_trie_empty_root(), alloy_trie::EMPTY_ROOT_HASH);
    }

    #[test]
    fn panic_messages_of_str_string_and_other_payloads() {
        let of = |f: fn()| panic_message(&catch_unwind(f).unwrap_err());
        std::panic::set_hook(Box::new(|_| {})); // keep the test output quiet
        let from_str = of(|| panic!("boom"));
        let from_string = of(|| panic!("{}", String::from("formatted boom")));
        let other = of(|| std::panic::panic_any(42u8));
        let _ = std::panic::take_hook();
        assert_eq!(from_str, "boom");
        assert_eq!(from_string, "formatted boom");
        assert_eq!(other, "unknown panic");
    }

    #[test]
    fn now_secs_is_after_2024() {
        assert!(now_secs() > 1_700_000_000);
    }
}
