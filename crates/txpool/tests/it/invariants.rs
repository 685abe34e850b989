//! Property test: random add / remove / mine / balance sequences keep the pool's invariants,
//! and no transaction disappears without being reported (rejected, replaced, evicted,
//! discarded, mined or removed).

use crate::common::*;
use alloy_primitives::{Address, B256, U256};
use alloy_signer_local::PrivateKeySigner;
use lumio_txpool::{PoolTransaction, PooledTx, TxPool, TxStatus};
use proptest::prelude::*;
use std::{
    collections::{BTreeMap, HashSet},
    sync::OnceLock,
};

const SENDERS: usize = 3;
const NONCES: u64 = 6;
const FEES: [u128; 3] = [10, 12, 20];
const BALANCES: [u128; 4] = [0, 300_000, 700_000, 1_000_000_000];

/// Keys, and every transaction of the universe signed once: `[sender][nonce][fee level]`.
type Universe = (Vec<PrivateKeySigner>, Vec<Vec<Vec<PooledTx>>>);

fn universe() -> &'static Universe {
    static UNIVERSE: OnceLock<Universe> = OnceLock::new();
    UNIVERSE.get_or_init(|| {
        let keys: Vec<_> = (1..=SENDERS as u8).map(key).collect();
        let txs = keys
            .iter()
            .map(|k| {
                (0..NONCES)
                    .map(|n| {
                        FEES.iter()
                            .map(|f| Tx::new(n).fees(*f, *f).eip1559(k))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        (keys, txs)
    })
}

#[derive(Debug, Clone)]
enum Op {
    Add {
        sender: usize,
        nonce: u64,
        fee: usize,
    },
    Remove {
        pick: usize,
    },
    /// Include the sender's next-nonce transaction (the pool's one if pending, else an outside
    /// one) in a block.
    Mine {
        sender: usize,
    },
    Balance {
        sender: usize,
        level: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..SENDERS, 0..NONCES, 0..FEES.len())
            .prop_map(|(sender, nonce, fee)| Op::Add { sender, nonce, fee }),
        1 => any::<usize>().prop_map(|pick| Op::Remove { pick }),
        2 => (0..SENDERS).prop_map(|sender| Op::Mine { sender }),
        1 => (0..SENDERS, 0..BALANCES.len())
            .prop_map(|(sender, level)| Op::Balance { sender, level }),
    ]
}

fn pool_hashes(pool: &TxPool<PooledTx>) -> HashSet<B256> {
    pool.pending_txs()
        .chain(pool.queued_txs())
        .map(|tx| tx.hash)
        .collect()
}

fn check(pool: &TxPool<PooledTx>, state: &MemState, live: &HashSet<B256>) {
    let config = pool.config();
    assert_eq!(
        &pool_hashes(pool),
        live,
        "pool content == accepted minus reported removals"
    );
    assert_eq!(pool.pending_txs().count(), pool.pending_count());
    assert_eq!(pool.queued_txs().count(), pool.queued_count());
    assert_eq!(pool.pending_count() + pool.queued_count(), pool.len());
    assert!(pool.len() <= config.max_pool_size);
    for hash in live {
        assert!(pool.contains(hash) && pool.get(hash).is_some());
    }

    let mut best_by_sender: BTreeMap<Address, Vec<u64>> = BTreeMap::new();
    for tx in pool.best_transactions(0) {
        best_by_sender
            .entry(tx.sender())
            .or_default()
            .push(tx.nonce());
    }
    for sender in pool.senders() {
        let account = state.0.get(&sender).copied().unwrap_or_default();
        let txs: Vec<_> = pool.sender_txs(sender).collect();
        assert!(!txs.is_empty() && txs.len() <= config.max_account_slots);
        // Pending: consecutive from the account nonce, affordable together, and maximal.
        let mut expect = account.nonce;
        let mut spent = U256::ZERO;
        let mut pending = Vec::new();
        let mut run_open = true;
        for (tx, status) in &txs {
            assert!(tx.nonce() >= account.nonce, "stale tx kept");
            assert!(tx.cost() <= account.balance, "unaffordable tx kept");
            let fits = run_open
                && tx.nonce() == expect
                && spent.saturating_add(tx.cost()) <= account.balance;
            if fits {
                spent += tx.cost();
                expect += 1;
            } else {
                run_open = false;
            }
            assert_eq!(
                *status == TxStatus::Pending,
                fits,
                "pending = maximal affordable run"
            );
            if fits {
                pending.push(tx.nonce());
            }
        }
        let pending_nonce = (!pending.is_empty()).then_some(expect);
        assert_eq!(pool.pending_nonce(sender), pending_nonce);
        assert_eq!(best_by_sender.remove(&sender).unwrap_or_default(), pending);
    }
    assert!(best_by_sender.is_empty());
}

fn run(ops: Vec<Op>) {
    let (keys, txs) = universe();
    let mut state = MemState::funded(&keys.iter().collect::<Vec<_>>(), BALANCES[3]);
    let mut pool = pool_with(|c| {
        c.max_pool_size = 8;
        c.max_account_slots = 4;
    });
    let mut live: HashSet<B256> = HashSet::new();
    for op in ops {
        match op {
            Op::Add { sender, nonce, fee } => {
                let tx = txs[sender][nonce as usize][fee].clone();
                let before = pool_hashes(&pool);
                match pool.add(tx, &state) {
                    Ok(out) => {
                        assert!(live.insert(out.hash));
                        for gone in out
                            .replaced
                            .iter()
                            .chain(&out.evicted)
                            .chain(&out.discarded)
                        {
                            assert!(live.remove(gone), "reported removal of an unknown tx");
                        }
                        for hash in &out.promoted {
                            assert_eq!(pool.status(hash), Some(TxStatus::Pending));
                        }
                    }
                    Err(_) => {
                        assert_eq!(pool_hashes(&pool), before, "a rejection changed the pool");
                    }
                }
            }
            Op::Remove { pick } => {
                let mut hashes: Vec<B256> = live.iter().copied().collect();
                hashes.sort();
                if !hashes.is_empty() {
                    let hash = hashes[pick % hashes.len()];
                    assert_eq!(pool.remove(&hash).map(|tx| tx.hash), Some(hash));
                    live.remove(&hash);
                }
            }
            Op::Mine { sender } => {
                let who = keys[sender].address();
                let mut account = state.0[&who];
                let head = pool
                    .sender_txs(who)
                    .next()
                    .filter(|(_, s)| *s == TxStatus::Pending);
                let mined: Vec<B256> = match head {
                    Some((tx, _)) => {
                        assert_eq!(tx.nonce(), account.nonce);
                        account.balance -= tx.cost();
                        vec![tx.hash]
                    }
                    None => Vec::new(),
                };
                account.nonce += 1;
                state.0.insert(who, account);
                let update = pool.on_block(&mined, &state);
                assert_eq!(update.mined, mined);
                for gone in update.mined.iter().chain(&update.discarded) {
                    assert!(live.remove(gone));
                }
            }
            Op::Balance { sender, level } => {
                let who = keys[sender].address();
                let nonce = state.0[&who].nonce;
                state.set(who, nonce, BALANCES[level]);
                let update = pool.on_block(&[], &state);
                assert!(update.mined.is_empty());
                for gone in &update.discarded {
                    assert!(live.remove(gone));
                }
            }
        }
        check(&pool, &state, &live);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_invariants(ops in proptest::collection::vec(op(), 1..60)) {
        run(ops);
    }
}
