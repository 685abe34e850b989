//! The pool: admission, per-sender nonce queues, pending vs queued, eviction, block updates.

use crate::{
    BestTransactions, PoolConfig, PoolError, PoolResult, PoolTransaction,
    transaction::UNSUPPORTED_TX_TYPES,
};
use alloy_primitives::{Address, B256, U256};
use lumio_primitives::StateReader;
use std::{
    cmp::Reverse,
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

/// Where a transaction sits in the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TxStatus {
    /// Executable: part of the sender's contiguous, affordable run of nonces starting at the
    /// account nonce. Offered to block building (if its max fee reaches the base fee).
    Pending,
    /// Waiting: a nonce gap before it, or the balance does not cover it together with the
    /// sender's earlier transactions.
    Queued,
}

/// What [`TxPool::add`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddOutcome {
    /// Hash of the added transaction.
    pub hash: B256,
    /// Where it landed.
    pub status: TxStatus,
    /// Hashes that became pending, in nonce order: the added transaction itself if pending, and
    /// the queued ones it un-gapped. The node forwards these to `newPendingTransactions`.
    pub promoted: Vec<B256>,
    /// The transaction with the same sender and nonce that this one replaced.
    pub replaced: Option<B256>,
    /// Transactions evicted to make room (account or pool limit).
    pub evicted: Vec<B256>,
    /// Transactions of the same sender dropped because the fresh account state made them
    /// stale (nonce below the account nonce) or unaffordable (cost above the balance).
    pub discarded: Vec<B256>,
}

/// What [`TxPool::on_block`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockUpdate {
    /// Committed hashes that were in the pool, now removed.
    pub mined: Vec<B256>,
    /// Dropped: nonce below the new account nonce (replaced on chain by another transaction of
    /// the same nonce) or cost above the new balance.
    pub discarded: Vec<B256>,
    /// Hashes that became pending (gap filled, or enough balance again).
    pub promoted: Vec<B256>,
    /// Senders whose account could not be read; their cached state was kept.
    pub state_errors: Vec<(Address, String)>,
}

#[derive(Debug)]
struct Entry<T> {
    tx: Arc<T>,
    /// Pool-wide arrival counter: tie-breaker for ordering and eviction.
    arrival: u64,
    pending: bool,
}

/// One sender's transactions and the account state last seen for it.
#[derive(Debug)]
struct Account<T> {
    nonce: u64,
    balance: U256,
    txs: BTreeMap<u64, Entry<T>>,
}

/// Eviction rank: lower is evicted first. Queued before pending, then lower max fee, then
/// lower priority fee, then the later arrival.
type Rank = (bool, u128, u128, Reverse<u64>);

/// Admission decided, not yet applied.
#[derive(Debug, Default)]
struct Plan {
    replaced: Option<B256>,
    evict: Vec<(Address, u64)>,
}

/// The transaction pool. Plain `&mut self` API; the node puts it behind a lock.
///
/// Invariants (checked by the property test): for every sender, the pending transactions are
/// exactly the longest run of consecutive nonces from the account nonce whose cumulative cost
/// fits the balance; every other transaction of the sender is queued; no transaction has a
/// nonce below the last seen account nonce; `pending_count() + queued_count() == len()`.
#[derive(Debug)]
pub struct TxPool<T> {
    config: PoolConfig,
    accounts: BTreeMap<Address, Account<T>>,
    by_hash: HashMap<B256, (Address, u64)>,
    pending: usize,
    queued: usize,
    next_arrival: u64,
}

impl<T: PoolTransaction> TxPool<T> {
    /// An empty pool.
    pub fn new(config: PoolConfig) -> Self {
        Self {
            config,
            accounts: BTreeMap::new(),
            by_hash: HashMap::new(),
            pending: 0,
            queued: 0,
            next_arrival: 0,
        }
    }

    /// The configuration.
    pub const fn config(&self) -> &PoolConfig {
        &self.config
    }

    /// Validates `tx` against the configuration, the pool and the sender's account in `state`
    /// (the latest committed state), then inserts it as pending or queued.
    ///
    /// On error nothing changed. On success the sender's cached account state is refreshed
    /// from `state`, which may promote or discard some of its other transactions (reported).
    pub fn add(&mut self, tx: T, state: &dyn StateReader) -> PoolResult<AddOutcome> {
        let hash = tx.hash();
        if self.by_hash.contains_key(&hash) {
            return Err(PoolError::AlreadyKnown);
        }
        self.validate_stateless(&tx)?;
        let sender = tx.sender();
        let account = state
            .account(sender)
            .map_err(|err| PoolError::State(err.to_string()))?
            .unwrap_or_default();
        let plan = self.plan(&tx, account.nonce, account.balance)?;

        let mut evicted = Vec::with_capacity(plan.evict.len());
        for (owner, nonce) in plan.evict {
            if let Some(entry) = self.remove_entry(owner, nonce) {
                evicted.push(entry.tx.hash());
            }
        }
        let nonce = tx.nonce();
        if plan.replaced.is_some() {
            self.remove_entry(sender, nonce);
        }
        let arrival = self.next_arrival;
        self.next_arrival += 1;
        self.accounts
            .entry(sender)
            .or_insert_with(|| Account {
                nonce: account.nonce,
                balance: account.balance,
                txs: BTreeMap::new(),
            })
            .txs
            .insert(
                nonce,
                Entry {
                    tx: Arc::new(tx),
                    arrival,
                    pending: false,
                },
            );
        self.by_hash.insert(hash, (sender, nonce));
        self.queued += 1;

        let (promoted, discarded) = self.refresh(sender, account.nonce, account.balance);
        let status = self.status(&hash).unwrap_or(TxStatus::Queued);
        Ok(AddOutcome {
            hash,
            status,
            promoted,
            replaced: plan.replaced,
            evicted,
            discarded,
        })
    }

    /// Removes the committed transactions, then re-reads every sender's account from `state`
    /// (the state after the block): drops stale nonces, re-checks balances, promotes and
    /// demotes. Per-sender read errors keep that sender's cached state and are reported.
    pub fn on_block(&mut self, mined: &[B256], state: &dyn StateReader) -> BlockUpdate {
        let mut update = BlockUpdate::default();
        for hash in mined {
            if let Some(&(sender, nonce)) = self.by_hash.get(hash) {
                self.remove_entry(sender, nonce);
                update.mined.push(*hash);
            }
        }
        let senders: Vec<Address> = self.accounts.keys().copied().collect();
        for sender in senders {
            let (nonce, balance) = match state.account(sender) {
                Ok(account) => {
                    let account = account.unwrap_or_default();
                    (account.nonce, account.balance)
                }
                Err(err) => {
                    update.state_errors.push((sender, err.to_string()));
                    match self.accounts.get(&sender) {
                        Some(account) => (account.nonce, account.balance),
                        None => continue,
                    }
                }
            };
            let (promoted, discarded) = self.refresh(sender, nonce, balance);
            update.promoted.extend(promoted);
            update.discarded.extend(discarded);
        }
        update
    }

    /// Removes one transaction (e.g. the builder found it invalid). Later nonces of the same
    /// sender become queued.
    pub fn remove(&mut self, hash: &B256) -> Option<Arc<T>> {
        let &(sender, nonce) = self.by_hash.get(hash)?;
        let entry = self.remove_entry(sender, nonce)?;
        if let Some(account) = self.accounts.get(&sender) {
            let (nonce, balance) = (account.nonce, account.balance);
            // Same state, one transaction fewer: this can only demote, never promote or drop.
            self.refresh(sender, nonce, balance);
        }
        Some(entry.tx)
    }

    /// Pending transactions in block order at `base_fee` (see [`BestTransactions`]).
    pub fn best_transactions(&self, base_fee: u64) -> BestTransactions<T> {
        BestTransactions::new(
            base_fee,
            self.accounts.iter().map(|(sender, account)| {
                let chain = account
                    .txs
                    .values()
                    .filter(|entry| entry.pending)
                    .map(|entry| (Arc::clone(&entry.tx), entry.arrival))
                    .collect();
                (*sender, chain)
            }),
        )
    }

    /// The transaction with this hash.
    pub fn get(&self, hash: &B256) -> Option<Arc<T>> {
        let (sender, nonce) = self.by_hash.get(hash)?;
        Some(Arc::clone(&self.accounts.get(sender)?.txs.get(nonce)?.tx))
    }

    /// Whether a transaction with this hash is in the pool.
    pub fn contains(&self, hash: &B256) -> bool {
        self.by_hash.contains_key(hash)
    }

    /// Pending or queued.
    pub fn status(&self, hash: &B256) -> Option<TxStatus> {
        let (sender, nonce) = self.by_hash.get(hash)?;
        let entry = self.accounts.get(sender)?.txs.get(nonce)?;
        Some(if entry.pending {
            TxStatus::Pending
        } else {
            TxStatus::Queued
        })
    }

    /// Number of transactions.
    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    /// No transactions at all.
    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }

    /// Number of pending transactions.
    pub const fn pending_count(&self) -> usize {
        self.pending
    }

    /// Number of queued transactions.
    pub const fn queued_count(&self) -> usize {
        self.queued
    }

    /// Nonce after the sender's last pending transaction, `None` if it has none. For
    /// `eth_getTransactionCount(addr, "pending")` take the max of this and the state nonce
    /// (the pool may not have seen the latest block yet).
    pub fn pending_nonce(&self, sender: Address) -> Option<u64> {
        let account = self.accounts.get(&sender)?;
        let (nonce, _) = account.txs.iter().rev().find(|(_, entry)| entry.pending)?;
        nonce.checked_add(1)
    }

    /// All pending transactions, by sender (ascending address), each sender's in nonce order.
    pub fn pending_txs(&self) -> impl Iterator<Item = &Arc<T>> + '_ {
        self.txs_where(true)
    }

    /// All queued transactions, by sender (ascending address), each sender's in nonce order.
    pub fn queued_txs(&self) -> impl Iterator<Item = &Arc<T>> + '_ {
        self.txs_where(false)
    }

    /// One sender's transactions in nonce order with their status.
    pub fn sender_txs(&self, sender: Address) -> impl Iterator<Item = (&Arc<T>, TxStatus)> + '_ {
        self.accounts.get(&sender).into_iter().flat_map(|account| {
            account.txs.values().map(|entry| {
                let status = if entry.pending {
                    TxStatus::Pending
                } else {
                    TxStatus::Queued
                };
                (&entry.tx, status)
            })
        })
    }

    /// Senders with at least one transaction, ascending.
    pub fn senders(&self) -> impl Iterator<Item = Address> + '_ {
        self.accounts.keys().copied()
    }

    fn txs_where(&self, pending: bool) -> impl Iterator<Item = &Arc<T>> + '_ {
        self.accounts.values().flat_map(move |account| {
            account
                .txs
                .values()
                .filter(move |entry| entry.pending == pending)
                .map(|e| &e.tx)
        })
    }

    /// Checks that need neither state nor the rest of the pool, in geth's order.
    fn validate_stateless(&self, tx: &T) -> PoolResult<()> {
        let config = &self.config;
        let tx_type = tx.tx_type();
        if UNSUPPORTED_TX_TYPES.contains(&tx_type) {
            return Err(PoolError::TxTypeNotSupported { tx_type });
        }
        let size = tx.encoded_len();
        if size > config.max_tx_size {
            return Err(PoolError::OversizedData {
                size,
                max: config.max_tx_size,
            });
        }
        match tx.chain_id() {
            Some(got) if got != config.chain_id => {
                return Err(PoolError::InvalidChainId {
                    got,
                    expected: config.chain_id,
                });
            }
            None if !config.allow_unprotected => return Err(PoolError::Unprotected),
            _ => {}
        }
        let gas_limit = tx.gas_limit();
        if gas_limit > config.block_gas_limit {
            return Err(PoolError::ExceedsBlockGasLimit {
                gas_limit,
                block_gas_limit: config.block_gas_limit,
            });
        }
        let max_fee = tx.max_fee_per_gas();
        if tx
            .max_priority_fee_per_gas()
            .is_some_and(|tip| tip > max_fee)
        {
            return Err(PoolError::TipAboveFeeCap);
        }
        let intrinsic = tx.intrinsic_gas();
        if gas_limit < intrinsic {
            return Err(PoolError::IntrinsicGasTooLow {
                gas_limit,
                intrinsic,
            });
        }
        if max_fee < config.min_max_fee_per_gas || tx.priority_fee() < config.min_priority_fee {
            return Err(PoolError::Underpriced);
        }
        Ok(())
    }

    /// Checks against the account (`nonce`, `balance`, fresh from state) and the pool, and
    /// decides replacement and evictions. Does not change anything.
    fn plan(&self, tx: &T, nonce: u64, balance: U256) -> PoolResult<Plan> {
        let sender = tx.sender();
        let tx_nonce = tx.nonce();
        if tx_nonce < nonce {
            return Err(PoolError::NonceTooLow {
                tx_nonce,
                state_nonce: nonce,
            });
        }
        let cost = tx.cost();
        if balance < cost {
            return Err(PoolError::InsufficientFunds {
                have: balance,
                want: cost,
            });
        }
        let account = self.accounts.get(&sender);
        let mut plan = Plan::default();
        // The sender's other live transactions (nonce >= account nonce): their total cost and
        // count. Stale ones (below the nonce) are about to be discarded and do not count.
        let mut spent = U256::ZERO;
        let mut live = 0usize;
        let mut stale = 0usize;
        if let Some(account) = account {
            if let Some(old) = account.txs.get(&tx_nonce) {
                if !self.is_sufficient_bump(&*old.tx, tx) {
                    return Err(PoolError::ReplacementUnderpriced);
                }
                plan.replaced = Some(old.tx.hash());
            }
            stale = account.txs.range(..nonce).count();
            for (n, entry) in account.txs.range(nonce..) {
                if *n != tx_nonce {
                    spent = spent.saturating_add(entry.tx.cost());
                    live += 1;
                }
            }
        }
        let want = spent.saturating_add(cost);
        if balance < want {
            return Err(PoolError::InsufficientFunds {
                have: balance,
                want,
            });
        }
        if plan.replaced.is_some() {
            return Ok(plan); // takes a slot it frees: no limit can be crossed
        }

        // Account limit: a lower nonce is always worth more than the sender's highest ones.
        let slots = self.config.max_account_slots;
        if live >= slots {
            let excess = live + 1 - slots;
            let highest: Vec<u64> = account
                .map(|account| {
                    account
                        .txs
                        .range(tx_nonce..)
                        .rev()
                        .take(excess)
                        .map(|(n, _)| *n)
                })
                .into_iter()
                .flatten()
                .collect();
            if highest.len() < excess {
                return Err(PoolError::AccountLimitExceeded);
            }
            plan.evict.extend(highest.into_iter().map(|n| (sender, n)));
        }

        // Pool limit: evict the worst transaction of another sender if this one ranks higher.
        let size_after = (self.len() + 1).saturating_sub(stale + plan.evict.len());
        if size_after > self.config.max_pool_size {
            let would_pend =
                account.map_or(nonce, |a| pending_end(&a.txs, nonce, balance)) == tx_nonce;
            let rank = (would_pend, tx.max_fee_per_gas(), tx.priority_fee());
            match self.worst(sender) {
                Some(((pending, fee, tip, _), owner, n))
                    if size_after - 1 <= self.config.max_pool_size
                        && (pending, fee, tip) < rank =>
                {
                    plan.evict.push((owner, n));
                }
                _ => return Err(PoolError::PoolFull),
            }
        }
        Ok(plan)
    }

    /// geth's rule: both fees strictly higher and at least `old * (100 + bump) / 100`.
    fn is_sufficient_bump(&self, old: &T, new: &T) -> bool {
        let bump = U256::from(100 + u64::from(self.config.price_bump_percent));
        let hundred = U256::from(100u64);
        let check = |old: u128, new: u128| {
            new > old && U256::from(new) >= U256::from(old).saturating_mul(bump) / hundred
        };
        check(old.max_fee_per_gas(), new.max_fee_per_gas())
            && check(old.priority_fee(), new.priority_fee())
    }

    /// The lowest-ranked evictable transaction of any sender but `except`: any queued one, or a
    /// sender's last pending one (evicting it keeps the pending run contiguous).
    fn worst(&self, except: Address) -> Option<(Rank, Address, u64)> {
        let mut worst: Option<(Rank, Address, u64)> = None;
        for (sender, account) in &self.accounts {
            if *sender == except {
                continue;
            }
            let last_pending = account
                .txs
                .iter()
                .rev()
                .find(|(_, e)| e.pending)
                .map(|(n, _)| *n);
            for (nonce, entry) in &account.txs {
                if entry.pending && Some(*nonce) != last_pending {
                    continue;
                }
                let rank = (
                    entry.pending,
                    entry.tx.max_fee_per_gas(),
                    entry.tx.priority_fee(),
                    Reverse(entry.arrival),
                );
                if worst.as_ref().is_none_or(|(w, _, _)| rank < *w) {
                    worst = Some((rank, *sender, *nonce));
                }
            }
        }
        worst
    }

    /// Removes one entry, keeping the hash index and counters right (flags of the sender's
    /// other entries are the caller's business). Drops the account when it becomes empty.
    fn remove_entry(&mut self, sender: Address, nonce: u64) -> Option<Entry<T>> {
        let account = self.accounts.get_mut(&sender)?;
        let entry = account.txs.remove(&nonce)?;
        if account.txs.is_empty() {
            self.accounts.remove(&sender);
        }
        self.by_hash.remove(&entry.tx.hash());
        if entry.pending {
            self.pending -= 1;
        } else {
            self.queued -= 1;
        }
        Some(entry)
    }

    /// Applies a (fresh) account state to one sender: discards stale and unaffordable
    /// transactions, then recomputes pending vs queued. Returns (promoted, discarded).
    fn refresh(&mut self, sender: Address, nonce: u64, balance: U256) -> (Vec<B256>, Vec<B256>) {
        let mut promoted = Vec::new();
        let mut discarded = Vec::new();
        let Some(account) = self.accounts.get_mut(&sender) else {
            return (promoted, discarded);
        };
        account.nonce = nonce;
        account.balance = balance;
        let doomed: Vec<u64> = account
            .txs
            .iter()
            .filter(|(n, entry)| **n < nonce || entry.tx.cost() > balance)
            .map(|(n, _)| *n)
            .collect();
        for n in doomed {
            if let Some(entry) = self.remove_entry(sender, n) {
                discarded.push(entry.tx.hash());
            }
        }
        let Some(account) = self.accounts.get_mut(&sender) else {
            return (promoted, discarded);
        };
        let end = pending_end(&account.txs, nonce, balance);
        for (n, entry) in &mut account.txs {
            let pending = *n < end;
            if pending == entry.pending {
                continue;
            }
            entry.pending = pending;
            if pending {
                self.pending += 1;
                self.queued -= 1;
                promoted.push(entry.tx.hash());
            } else {
                self.pending -= 1;
                self.queued += 1;
            }
        }
        (promoted, discarded)
    }
}

/// First nonce after the run of consecutive nonces from `nonce` whose cumulative cost fits
/// `balance`.
fn pending_end<T: PoolTransaction>(
    txs: &BTreeMap<u64, Entry<T>>,
    nonce: u64,
    balance: U256,
) -> u64 {
    let mut next = nonce;
    let mut spent = U256::ZERO;
    for (n, entry) in txs.range(nonce..) {
        if *n != next {
            break;
        }
        spent = spent.saturating_add(entry.tx.cost());
        if spent > balance {
            break;
        }
        match next.checked_add(1) {
            Some(after) => next = after,
            None => break,
        }
    }
    next
}
