//! The pool: admission, per-sender nonce queues, pending vs queued, eviction, block updates.

use crate::{BestTransactions, PoolConfig, PoolError, PoolResult, PoolTransaction};
use alloy_primitives::{Address, B256, U256, U512};
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
///
/// Besides the transactions it keeps three running figures, so that admitting a transaction is
/// O(log n) in the sender's queue depth rather than a walk over the queue (a hot sender may hold
/// thousands): the total cost of its transactions, and the end and cost of its pending run.
#[derive(Debug)]
struct Account<T> {
    nonce: u64,
    balance: U256,
    txs: BTreeMap<u64, Entry<T>>,
    /// Sum of `cost()` over `txs`, exact: fewer than 2^64 costs below 2^256 cannot overflow.
    total_cost: U512,
    /// The pending run is `nonce..pending_end` (empty when equal); later nonces are queued.
    /// Valid unless `dirty`.
    pending_end: u64,
    /// Sum of `cost()` over the pending run (at most `balance`). Valid unless `dirty`.
    pending_cost: U256,
    /// A pending transaction inside the run was removed: the run figures (and the flags above
    /// the hole) are wrong until the next [`TxPool::refresh`] of this sender, which every path
    /// that removes one runs before it returns.
    dirty: bool,
}

impl<T> Account<T> {
    const fn new(nonce: u64, balance: U256) -> Self {
        Self {
            nonce,
            balance,
            txs: BTreeMap::new(),
            total_cost: U512::ZERO,
            pending_end: nonce,
            pending_cost: U256::ZERO,
            dirty: false,
        }
    }
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
        if self.by_hash.contains_key(&tx.hash()) {
            return Err(PoolError::AlreadyKnown);
        }
        let stateless = self.config.check_stateless(&tx);
        self.add_checked(tx, stateless, state)
    }

    /// [`TxPool::add`] for a transaction whose stateless checks already ran, outside the pool
    /// (and its lock): `stateless` must be `self.config().check_stateless(&tx)`. The outcome,
    /// and which error wins when several apply, are those of `add`.
    pub fn add_checked(
        &mut self,
        tx: T,
        stateless: PoolResult<()>,
        state: &dyn StateReader,
    ) -> PoolResult<AddOutcome> {
        debug_assert_eq!(stateless, self.config.check_stateless(&tx));
        let hash = tx.hash();
        if self.by_hash.contains_key(&hash) {
            return Err(PoolError::AlreadyKnown);
        }
        stateless?;
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
        let cost = tx.cost();
        let entry = self
            .accounts
            .entry(sender)
            .or_insert_with(|| Account::new(account.nonce, account.balance));
        entry.txs.insert(
            nonce,
            Entry {
                tx: Arc::new(tx),
                arrival,
                pending: false,
            },
        );
        entry.total_cost += U512::from(cost);
        // The cached view still holds (same account state, run intact): only the new
        // transaction can change anything, and only by extending the run it lands at the end
        // of. Otherwise (a block the pool has not applied yet, a hole in the run) recompute.
        let current = entry.nonce == account.nonce && entry.balance == account.balance;
        let fast = current && !entry.dirty;
        self.by_hash.insert(hash, (sender, nonce));
        self.queued += 1;

        let (promoted, discarded) = if fast {
            (self.extend(sender), Vec::new())
        } else {
            self.refresh(sender, account.nonce, account.balance)
        };
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
                    .range(..account.pending_end)
                    .map(|(_, entry)| entry)
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
        (account.pending_end > account.nonce).then_some(account.pending_end)
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
        // count. Stale ones (below the nonce) are about to be discarded and do not count; there
        // are none unless `state` is a block ahead of the pool.
        let mut spent = U512::ZERO;
        let mut live = 0usize;
        let mut stale = 0usize;
        if let Some(account) = account {
            spent = account.total_cost;
            live = account.txs.len();
            if let Some(old) = account.txs.get(&tx_nonce) {
                if !self.is_sufficient_bump(&*old.tx, tx) {
                    return Err(PoolError::ReplacementUnderpriced);
                }
                plan.replaced = Some(old.tx.hash());
                spent -= U512::from(old.tx.cost());
                live -= 1;
            }
            for (_, entry) in account.txs.range(..nonce) {
                spent -= U512::from(entry.tx.cost());
                stale += 1;
            }
            live -= stale;
        }
        let want = spent + U512::from(cost);
        if U512::from(balance) < want {
            return Err(PoolError::InsufficientFunds {
                have: balance,
                want: U256::saturating_from(want),
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

        // Pool limit: evict the worst transaction if this one ranks strictly higher.
        let size_after = (self.len() + 1).saturating_sub(stale + plan.evict.len());
        if size_after > self.config.max_pool_size {
            let would_pend =
                account.map_or(nonce, |a| pending_run(&a.txs, nonce, balance).0) == tx_nonce;
            let rank = (would_pend, tx.max_fee_per_gas(), tx.priority_fee());
            match self.worst(sender, tx_nonce) {
                Some(((pending, fee, tip, _), owner, n))
                    if size_after - 1 <= self.config.max_pool_size
                        && (pending, fee, tip) < rank
                        && !plan.evict.contains(&(owner, n)) =>
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

    /// The lowest-ranked evictable transaction: any queued one, or a sender's last pending one
    /// (evicting it keeps the pending run contiguous). Of the incoming transaction's own sender
    /// (`sender`, nonce `nonce`) only higher nonces qualify, so that its predecessors stay.
    fn worst(&self, sender: Address, nonce: u64) -> Option<(Rank, Address, u64)> {
        let mut worst: Option<(Rank, Address, u64)> = None;
        for (owner, account) in &self.accounts {
            let last_pending = account
                .txs
                .iter()
                .rev()
                .find(|(_, e)| e.pending)
                .map(|(n, _)| *n);
            for (n, entry) in &account.txs {
                let inner_pending = entry.pending && Some(*n) != last_pending;
                if inner_pending || (*owner == sender && *n < nonce) {
                    continue;
                }
                let rank = (
                    entry.pending,
                    entry.tx.max_fee_per_gas(),
                    entry.tx.priority_fee(),
                    Reverse(entry.arrival),
                );
                if worst.as_ref().is_none_or(|(w, _, _)| rank < *w) {
                    worst = Some((rank, *owner, *n));
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
        let cost = entry.tx.cost();
        account.total_cost -= U512::from(cost);
        if entry.pending {
            if nonce.checked_add(1) == Some(account.pending_end) && !account.dirty {
                // The last of the run: the run stays contiguous, one shorter.
                account.pending_end = nonce;
                account.pending_cost -= cost;
            } else {
                account.dirty = true;
            }
        }
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
        let (end, pending_cost) = pending_run(&account.txs, nonce, balance);
        account.pending_end = end;
        account.pending_cost = pending_cost;
        account.dirty = false;
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

    /// Extends a sender's (clean) pending run over the queued transactions that now follow it
    /// without a gap and fit the balance; returns their hashes in nonce order. O(log n + the
    /// transactions promoted): each transaction is promoted once, however it arrived.
    fn extend(&mut self, sender: Address) -> Vec<B256> {
        let mut promoted = Vec::new();
        let Some(account) = self.accounts.get_mut(&sender) else {
            return promoted;
        };
        debug_assert!(!account.dirty, "extend needs an intact pending run");
        let (end, cost) = extend_run(
            &account.txs,
            account.pending_end,
            account.pending_cost,
            account.balance,
        );
        for (_, entry) in account.txs.range_mut(account.pending_end..end) {
            entry.pending = true;
            promoted.push(entry.tx.hash());
        }
        self.pending += promoted.len();
        self.queued -= promoted.len();
        account.pending_end = end;
        account.pending_cost = cost;
        promoted
    }
}

/// The run of consecutive nonces from `nonce` whose cumulative cost fits `balance`: the first
/// nonce after it and its cost.
fn pending_run<T: PoolTransaction>(
    txs: &BTreeMap<u64, Entry<T>>,
    nonce: u64,
    balance: U256,
) -> (u64, U256) {
    extend_run(txs, nonce, U256::ZERO, balance)
}

/// Continues a run that ends at `next` and costs `spent` over the following consecutive nonces
/// while the cumulative cost fits `balance`: the new end and cost.
fn extend_run<T: PoolTransaction>(
    txs: &BTreeMap<u64, Entry<T>>,
    mut next: u64,
    mut spent: U256,
    balance: U256,
) -> (u64, U256) {
    for (n, entry) in txs.range(next..) {
        if *n != next {
            break;
        }
        let total = spent.saturating_add(entry.tx.cost());
        if total > balance {
            break;
        }
        match next.checked_add(1) {
            Some(after) => (next, spent) = (after, total),
            None => break,
        }
    }
    (next, spent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumio_primitives::{AccountState, StateError};
    use std::{cell::RefCell, collections::HashMap};

    #[derive(Debug, Clone)]
    struct MockTx {
        sender: Address,
        nonce: u64,
        fee: u128,
        tip: u128,
        value: u64,
        salt: u8,
    }

    impl PoolTransaction for MockTx {
        fn hash(&self) -> B256 {
            let mut bytes = [0u8; 32];
            bytes[..20].copy_from_slice(self.sender.as_slice());
            bytes[20..28].copy_from_slice(&self.nonce.to_be_bytes());
            bytes[28..30].copy_from_slice(&(self.fee as u16).to_be_bytes());
            bytes[31] = self.salt;
            B256::from(bytes)
        }
        fn sender(&self) -> Address {
            self.sender
        }
        fn nonce(&self) -> u64 {
            self.nonce
        }
        fn gas_limit(&self) -> u64 {
            21_000
        }
        fn max_fee_per_gas(&self) -> u128 {
            self.fee
        }
        fn max_priority_fee_per_gas(&self) -> Option<u128> {
            Some(self.tip)
        }
        fn value(&self) -> U256 {
            U256::from(self.value)
        }
        fn encoded_len(&self) -> usize {
            100
        }
        fn chain_id(&self) -> Option<u64> {
            Some(1)
        }
        fn tx_type(&self) -> u8 {
            2
        }
        fn intrinsic_gas(&self) -> u64 {
            21_000
        }
        fn cost(&self) -> U256 {
            COST_CALLS.with(|c| c.set(c.get() + 1));
            U256::from(self.gas_limit())
                .saturating_mul(U256::from(self.fee))
                .saturating_add(self.value())
        }
    }

    #[derive(Default)]
    struct State(RefCell<HashMap<Address, AccountState>>);

    impl State {
        fn set(&self, who: Address, nonce: u64, balance: u64) {
            let account = AccountState {
                nonce,
                balance: U256::from(balance),
                ..Default::default()
            };
            self.0.borrow_mut().insert(who, account);
        }
    }

    impl StateReader for State {
        fn account(&self, address: Address) -> Result<Option<AccountState>, StateError> {
            Ok(self.0.borrow().get(&address).copied())
        }
        fn storage(&self, _: Address, _: U256) -> Result<U256, StateError> {
            Ok(U256::ZERO)
        }
        fn code(&self, _: B256) -> Result<Option<alloy_primitives::Bytes>, StateError> {
            Ok(None)
        }
        fn block_hash(&self, _: u64) -> Result<Option<B256>, StateError> {
            Ok(None)
        }
    }

    fn who(n: u8) -> Address {
        Address::repeat_byte(n)
    }

    fn tx(sender: u8, nonce: u64, fee: u128) -> MockTx {
        MockTx {
            sender: who(sender),
            nonce,
            fee,
            tip: fee,
            value: 0,
            salt: 0,
        }
    }

    fn pool() -> TxPool<MockTx> {
        TxPool::new(PoolConfig::new(1))
    }

    fn rich(senders: &[u8]) -> State {
        let state = State::default();
        for s in senders {
            state.set(who(*s), 0, 1_000_000_000_000);
        }
        state
    }

    #[test]
    fn gap_then_fill_promotes_in_order() {
        let state = rich(&[1]);
        let mut pool = pool();
        let out = pool.add(tx(1, 2, 10), &state).unwrap();
        assert_eq!((out.status, out.promoted.len()), (TxStatus::Queued, 0));
        pool.add(tx(1, 1, 10), &state).unwrap();
        let out = pool.add(tx(1, 0, 10), &state).unwrap();
        assert_eq!(out.status, TxStatus::Pending);
        let want: Vec<B256> = (0..3).map(|n| tx(1, n, 10).hash()).collect();
        assert_eq!(out.promoted, want);
        assert_eq!((pool.pending_count(), pool.queued_count()), (3, 0));
        assert_eq!(pool.pending_nonce(who(1)), Some(3));
    }

    #[test]
    fn best_orders_by_tip_then_arrival_and_nonce() {
        let state = rich(&[1, 2, 3]);
        let mut pool = pool();
        pool.add(tx(1, 0, 5), &state).unwrap();
        pool.add(tx(1, 1, 50), &state).unwrap();
        pool.add(tx(2, 0, 20), &state).unwrap();
        pool.add(tx(3, 0, 20), &state).unwrap();
        let order: Vec<(Address, u64)> = pool
            .best_transactions(0)
            .map(|t| (t.sender, t.nonce))
            .collect();
        assert_eq!(
            order,
            vec![(who(2), 0), (who(3), 0), (who(1), 0), (who(1), 1)]
        );
    }

    #[test]
    fn below_base_fee_is_kept_but_not_offered() {
        let state = rich(&[1]);
        let mut pool = pool();
        pool.add(tx(1, 0, 5), &state).unwrap();
        pool.add(tx(1, 1, 100), &state).unwrap();
        assert_eq!(pool.pending_count(), 2);
        assert_eq!(pool.best_transactions(6).count(), 0);
        assert_eq!(pool.best_transactions(5).count(), 2);
    }

    #[test]
    fn mark_invalid_skips_rest_of_sender() {
        let state = rich(&[1, 2]);
        let mut pool = pool();
        for n in 0..3 {
            pool.add(tx(1, n, 10), &state).unwrap();
        }
        pool.add(tx(2, 0, 5), &state).unwrap();
        let mut best = pool.best_transactions(0);
        assert_eq!(best.next().unwrap().sender, who(1));
        best.mark_invalid(who(1));
        let rest: Vec<Address> = best.map(|t| t.sender).collect();
        assert_eq!(rest, vec![who(2)]);
    }

    #[test]
    fn replacement_needs_both_bumps() {
        let state = rich(&[1]);
        let mut pool = pool();
        pool.add(tx(1, 0, 100), &state).unwrap();
        let mut low_tip = tx(1, 0, 110);
        low_tip.tip = 105;
        assert_eq!(
            pool.add(low_tip, &state).unwrap_err(),
            PoolError::ReplacementUnderpriced
        );
        let out = pool.add(tx(1, 0, 110), &state).unwrap();
        assert_eq!(out.replaced, Some(tx(1, 0, 100).hash()));
        assert_eq!(out.promoted, vec![tx(1, 0, 110).hash()]);
        assert_eq!(pool.len(), 1);
        assert!(!pool.contains(&tx(1, 0, 100).hash()));
    }

    #[test]
    fn zero_fee_replacement_must_strictly_increase() {
        let state = rich(&[1]);
        let mut pool = pool();
        pool.add(tx(1, 0, 0), &state).unwrap();
        let mut same = tx(1, 0, 0);
        same.salt = 1;
        assert_eq!(
            pool.add(same, &state).unwrap_err(),
            PoolError::ReplacementUnderpriced
        );
        pool.add(tx(1, 0, 1), &state).unwrap();
    }

    #[test]
    fn cumulative_balance_is_checked() {
        let state = State::default();
        state.set(who(1), 0, 21_000 * 10 * 2);
        let mut pool = pool();
        pool.add(tx(1, 0, 10), &state).unwrap();
        pool.add(tx(1, 1, 10), &state).unwrap();
        let err = pool.add(tx(1, 2, 10), &state).unwrap_err();
        assert_eq!(
            err.to_string(),
            "insufficient funds for gas * price + value: have 420000 want 630000"
        );
    }

    #[test]
    fn account_limit_evicts_highest_for_lower_nonce() {
        let state = rich(&[1]);
        let mut pool = TxPool::new(PoolConfig {
            max_account_slots: 3,
            ..PoolConfig::new(1)
        });
        for n in [1, 2, 3] {
            pool.add(tx(1, n, 10), &state).unwrap();
        }
        assert_eq!(
            pool.add(tx(1, 4, 10), &state).unwrap_err(),
            PoolError::AccountLimitExceeded
        );
        let out = pool.add(tx(1, 0, 10), &state).unwrap();
        assert_eq!(out.evicted, vec![tx(1, 3, 10).hash()]);
        assert_eq!((pool.pending_count(), pool.queued_count()), (3, 0));
    }

    #[test]
    fn full_pool_evicts_worst_queued_first_and_never_a_better_one() {
        let state = rich(&[1, 2, 3, 4]);
        let mut pool = TxPool::new(PoolConfig {
            max_pool_size: 3,
            ..PoolConfig::new(1)
        });
        pool.add(tx(1, 0, 5), &state).unwrap(); // pending, cheap
        pool.add(tx(2, 5, 50), &state).unwrap(); // queued, rich
        pool.add(tx(3, 0, 20), &state).unwrap(); // pending
        // A queued tx never displaces anything worse than... only queued with lower fee.
        assert_eq!(
            pool.add(tx(4, 3, 40), &state).unwrap_err(),
            PoolError::PoolFull
        );
        // A pending tx displaces the queued one first, even though that one pays more.
        let out = pool.add(tx(4, 0, 1), &state).unwrap();
        assert_eq!(out.evicted, vec![tx(2, 5, 50).hash()]);
        // Now all pending: the cheapest pending tail goes for a better pending tx.
        let out = pool.add(tx(2, 0, 30), &state).unwrap();
        assert_eq!(out.evicted, vec![tx(4, 0, 1).hash()]);
        assert_eq!(
            pool.add(tx(4, 0, 2), &state).unwrap_err(),
            PoolError::PoolFull
        );
        assert_eq!(pool.len(), 3);
    }

    #[test]
    fn on_block_removes_mined_drops_stale_and_rechecks_balance() {
        let state = rich(&[1, 2]);
        let mut pool = pool();
        for n in 0..3 {
            pool.add(tx(1, n, 10), &state).unwrap();
        }
        pool.add(tx(2, 0, 10), &state).unwrap();
        pool.add(tx(2, 1, 10), &state).unwrap();
        // Block mined sender 1 nonces 0 and 1 (only 0 reported as a pool hash); sender 2 is now
        // poor: only its first transaction fits.
        state.set(who(1), 2, 1_000_000_000_000);
        state.set(who(2), 0, 21_000 * 10 + 1);
        let up = pool.on_block(&[tx(1, 0, 10).hash()], &state);
        assert_eq!(up.mined, vec![tx(1, 0, 10).hash()]);
        assert_eq!(up.discarded, vec![tx(1, 1, 10).hash()]);
        assert_eq!((pool.pending_count(), pool.queued_count()), (2, 1));
        assert_eq!(pool.status(&tx(2, 1, 10).hash()), Some(TxStatus::Queued));
        // Balance grows: promoted.
        state.set(who(2), 0, 1_000_000_000_000);
        let up = pool.on_block(&[], &state);
        assert_eq!(up.promoted, vec![tx(2, 1, 10).hash()]);
    }

    #[test]
    fn full_default_pool_stays_at_its_limit() {
        let state = State::default();
        let mut pool = pool();
        for i in 0..5_000u32 {
            let sender = Address::left_padding_from(&i.to_be_bytes());
            state.set(sender, 0, 1_000_000_000_000);
            for nonce in 0..2 {
                let tx = MockTx {
                    sender,
                    nonce,
                    fee: 10,
                    tip: 10,
                    value: 0,
                    salt: 0,
                };
                pool.add(tx, &state).unwrap();
            }
        }
        assert_eq!(pool.len(), 10_000);
        for i in 0..200u32 {
            let sender = Address::left_padding_from(&(1_000_000 + i).to_be_bytes());
            state.set(sender, 0, 1_000_000_000_000);
            let tx = MockTx {
                sender,
                nonce: 0,
                fee: 11,
                tip: 11,
                value: 0,
                salt: 0,
            };
            assert_eq!(pool.add(tx, &state).unwrap().evicted.len(), 1);
        }
        assert_eq!((pool.len(), pool.pending_count()), (10_000, 10_000));
        let sender = Address::repeat_byte(0xee);
        state.set(sender, 0, 1_000_000_000_000);
        let tx = MockTx {
            sender,
            nonce: 0,
            fee: 10,
            tip: 10,
            value: 0,
            salt: 0,
        };
        assert_eq!(pool.add(tx, &state).unwrap_err(), PoolError::PoolFull);
    }

    #[test]
    fn remove_demotes_followers() {
        let state = rich(&[1]);
        let mut pool = pool();
        for n in 0..3 {
            pool.add(tx(1, n, 10), &state).unwrap();
        }
        assert!(pool.remove(&tx(1, 1, 10).hash()).is_some());
        assert_eq!((pool.pending_count(), pool.queued_count()), (1, 1));
        assert_eq!(pool.pending_nonce(who(1)), Some(1));
        assert!(pool.remove(&tx(1, 1, 10).hash()).is_none());
    }

    #[test]
    fn state_error_is_reported() {
        struct Broken;
        impl StateReader for Broken {
            fn account(&self, _: Address) -> Result<Option<AccountState>, StateError> {
                Err(StateError("disk on fire".into()))
            }
            fn storage(&self, _: Address, _: U256) -> Result<U256, StateError> {
                Ok(U256::ZERO)
            }
            fn code(&self, _: B256) -> Result<Option<alloy_primitives::Bytes>, StateError> {
                Ok(None)
            }
            fn block_hash(&self, _: u64) -> Result<Option<B256>, StateError> {
                Ok(None)
            }
        }
        let mut pool = pool();
        let err = pool.add(tx(1, 0, 1), &Broken).unwrap_err();
        assert_eq!(err.to_string(), "state read failed: disk on fire");
        pool.add(tx(1, 0, 1), &rich(&[1])).unwrap();
        let up = pool.on_block(&[], &Broken);
        assert_eq!(up.state_errors.len(), 1);
        assert_eq!(pool.pending_count(), 1);
    }

    thread_local! {
        /// `cost()` calls of [`MockTx`] on this thread: the pool's work per admission.
        static COST_CALLS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    fn cost_calls() -> u64 {
        COST_CALLS.with(std::cell::Cell::get)
    }

    /// The node's limits (`lumio dev`): deep per-sender queues.
    fn deep_pool() -> TxPool<MockTx> {
        TxPool::new(PoolConfig {
            max_account_slots: 4_096,
            max_pool_size: 100_000,
            ..PoolConfig::new(1)
        })
    }

    /// The running figures of every account equal a recomputation from its transactions.
    fn assert_caches(pool: &TxPool<MockTx>) {
        let calls = cost_calls();
        for (sender, account) in &pool.accounts {
            assert!(!account.dirty, "{sender}: left dirty");
            let total = account
                .txs
                .values()
                .fold(U512::ZERO, |sum, e| sum + U512::from(e.tx.cost()));
            assert_eq!(account.total_cost, total, "{sender}: total cost");
            let (end, cost) = pending_run(&account.txs, account.nonce, account.balance);
            assert_eq!(
                (account.pending_end, account.pending_cost),
                (end, cost),
                "{sender}: pending run"
            );
            for (n, entry) in &account.txs {
                assert_eq!(entry.pending, *n < end, "{sender}: flag of nonce {n}");
            }
        }
        COST_CALLS.with(|c| c.set(calls));
    }

    #[test]
    fn reverse_nonce_order_queues_then_promotes_once_in_linear_work() {
        const N: u64 = 2_000;
        let state = rich(&[1]);
        let mut pool = deep_pool();
        let before = cost_calls();
        for nonce in (1..N).rev() {
            let out = pool.add(tx(1, nonce, 10), &state).unwrap();
            assert_eq!(out.status, TxStatus::Queued);
            assert!(out.promoted.is_empty());
        }
        assert_eq!(
            (pool.pending_count(), pool.queued_count()),
            (0, N as usize - 1)
        );
        assert_eq!(pool.pending_nonce(who(1)), None);
        let out = pool.add(tx(1, 0, 10), &state).unwrap();
        let work = cost_calls() - before;
        assert_eq!(out.status, TxStatus::Pending);
        let want: Vec<B256> = (0..N).map(|n| tx(1, n, 10).hash()).collect();
        assert_eq!(
            out.promoted, want,
            "every nonce promoted once, in nonce order"
        );
        assert_eq!((pool.pending_count(), pool.queued_count()), (N as usize, 0));
        assert_eq!(pool.pending_nonce(who(1)), Some(N));
        // A walk over the queue per admission would be ~N²/2 = 2,000,000 cost evaluations.
        assert!(work < 10 * N, "{work} cost evaluations for {N} admissions");
        assert_caches(&pool);
    }

    #[test]
    fn ten_deep_senders_in_shuffled_order() {
        const SENDERS: u8 = 10;
        const PER: u64 = 300;
        let senders: Vec<u8> = (1..=SENDERS).collect();
        let state = rich(&senders);
        let mut pool = deep_pool();
        let mut order: Vec<(u8, u64)> = senders
            .iter()
            .flat_map(|s| (0..PER).map(move |n| (*s, n)))
            .collect();
        // Deterministic shuffle (xorshift), so a failure reproduces.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let mut promoted = 0;
        let before = cost_calls();
        for (i, (sender, nonce)) in order.iter().enumerate() {
            promoted += pool
                .add(tx(*sender, *nonce, 10), &state)
                .unwrap()
                .promoted
                .len();
            if i % 500 == 0 {
                assert_caches(&pool);
            }
        }
        let work = cost_calls() - before;
        let total = u64::from(SENDERS) * PER;
        assert!(
            work < 10 * total,
            "{work} cost evaluations for {total} admissions"
        );
        assert_eq!(
            promoted, total as usize,
            "each transaction promoted exactly once"
        );
        assert_eq!(pool.pending_count(), total as usize);
        for s in senders {
            assert_eq!(pool.pending_nonce(who(s)), Some(PER));
        }
        assert_caches(&pool);
    }

    #[test]
    fn gaps_in_the_middle_fill_one_by_one() {
        let state = rich(&[1]);
        let mut pool = pool();
        for n in [0, 1, 3, 4, 6] {
            pool.add(tx(1, n, 10), &state).unwrap();
        }
        assert_eq!(pool.pending_nonce(who(1)), Some(2));
        assert_eq!((pool.pending_count(), pool.queued_count()), (2, 3));
        let out = pool.add(tx(1, 2, 10), &state).unwrap();
        let want: Vec<B256> = [2, 3, 4].iter().map(|n| tx(1, *n, 10).hash()).collect();
        assert_eq!(out.promoted, want);
        assert_eq!(pool.status(&tx(1, 6, 10).hash()), Some(TxStatus::Queued));
        let out = pool.add(tx(1, 5, 10), &state).unwrap();
        assert_eq!(out.promoted.len(), 2);
        assert_eq!(pool.pending_nonce(who(1)), Some(7));
        assert_caches(&pool);
    }

    #[test]
    fn replacements_keep_the_run_right() {
        // Balance for exactly three transactions at fee 10 (21,000 gas each).
        let state = State::default();
        state.set(who(1), 0, 21_000 * 10 * 3);
        let mut pool = pool();
        for n in 0..3 {
            pool.add(tx(1, n, 10), &state).unwrap();
        }
        assert_eq!(pool.pending_count(), 3);
        // Last of the run replaced at the same cost + bump: it would not fit any more.
        assert!(matches!(
            pool.add(tx(1, 2, 11), &state),
            Err(PoolError::InsufficientFunds { .. })
        ));
        // A queued one past a gap is replaced in place; the run does not change.
        pool.add(tx(1, 4, 5), &state).unwrap_err(); // 3 * 210,000 + 105,000 > balance
        assert_caches(&pool);

        // More balance: the queue past the gap, then an inner replacement.
        state.set(who(1), 0, 21_000 * 100);
        pool.on_block(&[], &state);
        let out = pool.add(tx(1, 4, 10), &state).unwrap();
        assert_eq!(out.status, TxStatus::Queued);
        let out = pool.add(tx(1, 4, 20), &state).unwrap();
        assert_eq!(out.replaced, Some(tx(1, 4, 10).hash()));
        assert_eq!(out.status, TxStatus::Queued);
        assert_caches(&pool);
        // Inner pending replaced by a costlier one: still affordable, still pending.
        let out = pool.add(tx(1, 1, 30), &state).unwrap();
        assert_eq!(out.replaced, Some(tx(1, 1, 10).hash()));
        assert_eq!(out.status, TxStatus::Pending);
        assert!(out.promoted.contains(&tx(1, 1, 30).hash()));
        assert_caches(&pool);
        // Last pending replaced; then the gap fills and everything up to 4 is pending.
        pool.add(tx(1, 2, 11), &state).unwrap();
        let out = pool.add(tx(1, 3, 10), &state).unwrap();
        assert_eq!(out.promoted, vec![tx(1, 3, 10).hash(), tx(1, 4, 20).hash()]);
        assert_eq!(pool.pending_nonce(who(1)), Some(5));
        assert_caches(&pool);
    }

    #[test]
    fn costlier_inner_replacement_demotes_what_no_longer_fits() {
        let state = State::default();
        state.set(who(1), 0, 21_000 * 40);
        let mut pool = pool();
        for n in 0..3 {
            pool.add(tx(1, n, 10), &state).unwrap(); // 3 x 210,000 of 840,000
        }
        // Nonce 0 at fee 20: 420,000 + 210,000 + 210,000 = 840,000 fits exactly.
        pool.add(tx(1, 0, 20), &state).unwrap();
        assert_eq!(pool.pending_count(), 3);
        // Nonce 1 at fee 22: 420,000 + 462,000 > 840,000 alone is refused (cumulative check).
        assert!(pool.add(tx(1, 1, 22), &state).is_err());
        assert_caches(&pool);
        // Balance drops: the tail is demoted; replacing it with a costlier one is refused.
        state.set(who(1), 0, 21_000 * 30);
        pool.on_block(&[], &state);
        assert_eq!((pool.pending_count(), pool.queued_count()), (2, 1));
        assert_caches(&pool);
        let mut cheaper_tip = tx(1, 2, 11);
        cheaper_tip.tip = 11;
        pool.add(cheaper_tip, &state).unwrap_err(); // 420 + 210 + 231 > 630 (thousands)
        assert_caches(&pool);
    }

    #[test]
    fn evicting_another_senders_last_pending_keeps_its_run() {
        let state = rich(&[1, 2]);
        let mut pool = TxPool::new(PoolConfig {
            max_pool_size: 3,
            ..PoolConfig::new(1)
        });
        for n in 0..3 {
            pool.add(tx(1, n, 5), &state).unwrap();
        }
        let out = pool.add(tx(2, 0, 50), &state).unwrap();
        assert_eq!(out.evicted, vec![tx(1, 2, 5).hash()]);
        assert_eq!(pool.pending_nonce(who(1)), Some(2));
        assert_caches(&pool);
        // The evicted nonce comes back (pays more than sender 1's tail now): the run extends.
        let out = pool.add(tx(1, 2, 60), &state).unwrap();
        assert_eq!(out.status, TxStatus::Pending);
        assert_caches(&pool);
    }
}
