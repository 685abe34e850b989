//! `lumio bench store-commit`: the cost of committing blocks to the store as the chain grows,
//! with the write-ahead log and overlay (logged commits) and without (one durable redb
//! transaction per block, the design before the log), in the same run.
//!
//! Each block changes the same 5,000 sender accounts plus 256 recipients and carries 6,000
//! transactions with receipts (the shape of a saturated transfer load), and is committed the way
//! the sequencer commits: state root from the diff, then `commit_block`. Blocks follow each other
//! as fast as the store takes them, so a fold that cannot keep up shows as back-pressure inside
//! the commit time. Printed per group of blocks (with `every_group`), then three figures at blocks
//! 10, 100, 500 and 1,000: what the block producer pays per block (state root + `commit_block`,
//! back-pressure excluded, median of the ten blocks up to N), what the background fold pays per
//! block, and the wall time per block with everything included.

use alloy_consensus::Header;
use alloy_primitives::{Address, Bytes, U256, keccak256};
use lumio_primitives::{
    AccountDiff, AccountState, StateDiff, StoredBlock, StoredReceipt, StoredTx,
};
use lumio_storage::{CommitMode, Store, StoreOptions};
use std::{
    path::Path,
    time::{Duration, Instant},
};

const SENDERS: u64 = 5_000;
const RECIPIENTS: u64 = 256;
const TXS: u64 = 6_000;
/// Blocks per printed group, and per figure at the checkpoints.
const GROUP: u64 = 10;
/// Blocks after which figures are printed.
const CHECKPOINTS: [u64; 6] = [10, 100, 500, 1_000, 2_000, 5_000];

/// What to run.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// Blocks committed per mode.
    pub blocks: u64,
    /// Modes to run, in order.
    pub modes: Vec<CommitMode>,
    /// Print every group of [`GROUP`] blocks (not only the checkpoints).
    pub every_group: bool,
    /// Transaction hashes looked up at each checkpoint (found and absent each; 0: none).
    pub lookups: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            blocks: 1_000,
            modes: vec![CommitMode::Logged, CommitMode::Direct],
            every_group: false,
            lookups: 20_000,
        }
    }
}

fn address(i: u64) -> Address {
    Address::from_slice(&keccak256(i.to_be_bytes())[12..])
}

fn block_diff(number: u64) -> StateDiff {
    let changes = (0..SENDERS + RECIPIENTS).map(|i| {
        let info = AccountState {
            nonce: number + 1,
            balance: U256::from(1_000_000_000u64 - number * 1_000 + i),
            ..Default::default()
        };
        (
            address(i),
            AccountDiff {
                info: Some(info),
                storage_wiped: false,
                storage: Default::default(),
            },
        )
    });
    StateDiff {
        accounts: changes.collect(),
        codes: Default::default(),
    }
}

/// Commits block `number`; returns the time of the state root and of `commit_block`.
fn commit(store: &Store, number: u64) -> lumio_storage::Result<(Duration, Duration)> {
    let diff = block_diff(number);
    let parent_hash = match number.checked_sub(1) {
        Some(_) => store
            .head_header()
            .map(|h| h.hash_slow())
            .unwrap_or_default(),
        None => Default::default(),
    };
    let started = Instant::now();
    let (state_root, trie) = store.state_root(&diff)?;
    let root_time = started.elapsed();
    let header = Header {
        number,
        parent_hash,
        state_root,
        gas_limit: 1_000_000_000,
        ..Default::default()
    };
    let transactions = (0..TXS)
        .map(|i| StoredTx {
            hash: tx_hash(number, i),
            sender: address(i % SENDERS),
            // About the size of a signed EIP-1559 transfer.
            encoded: Bytes::from(vec![0x02; 115]),
        })
        .collect();
    let receipts: Vec<StoredReceipt> = (0..TXS)
        .map(|i| StoredReceipt {
            tx_type: 2,
            success: true,
            cumulative_gas_used: 21_000 * (i + 1),
            gas_used: 21_000,
            effective_gas_price: 1_000_000_000,
            logs: Vec::new(),
            contract_address: None,
            l1: Default::default(),
            deposit_nonce: None,
            deposit_receipt_version: None,
        })
        .collect();
    let block = StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions,
    };
    let started = Instant::now();
    store.commit_block(&block, &receipts, &diff, trie)?;
    Ok((root_time, started.elapsed()))
}

/// Transaction-hash lookups per second through `Store::transaction_location` (one read view each,
/// as an RPC call makes), taken after block `after_block` was committed.
#[derive(Debug, Clone, Copy)]
pub struct Lookups {
    /// The last block committed when measured.
    pub after_block: u64,
    /// Hashes of committed transactions, picked across the whole chain.
    pub found_per_s: f64,
    /// Hashes of no transaction.
    pub absent_per_s: f64,
    /// Answers that were not the transaction's block and index (or not "absent").
    pub wrong: u64,
}

fn lookups(store: &Store, after_block: u64, count: u64) -> lumio_storage::Result<Lookups> {
    // xorshift64: the same picks in every run
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let blocks = after_block + 1;
    let present: Vec<_> = (0..count)
        .map(|_| {
            let (number, i) = (next() % blocks, next() % TXS);
            (tx_hash(number, i), number, i)
        })
        .collect();
    let absent: Vec<_> = (0..count)
        .map(|i| keccak256([b"absent".as_slice(), &i.to_be_bytes()].concat()))
        .collect();
    let mut wrong = 0;
    let started = Instant::now();
    for (hash, number, i) in &present {
        let at = store.transaction_location(*hash)?;
        wrong += u64::from(at.map(|l| (l.block_number, l.index)) != Some((*number, *i)));
    }
    let found = started.elapsed();
    let started = Instant::now();
    for hash in &absent {
        wrong += u64::from(store.transaction_location(*hash)?.is_some());
    }
    let missing = started.elapsed();
    let rate = |d: Duration| count as f64 / d.as_secs_f64();
    Ok(Lookups {
        after_block,
        found_per_s: rate(found),
        absent_per_s: rate(missing),
        wrong,
    })
}

fn tx_hash(number: u64, i: u64) -> alloy_primitives::B256 {
    keccak256([number.to_be_bytes(), i.to_be_bytes()].concat())
}

/// Per-block commit times of one mode.
#[derive(Debug, Clone)]
pub struct ModeRun {
    /// The mode.
    pub mode: CommitMode,
    /// Wall time of each block's commit (building the block, root, commit; back-pressure
    /// included).
    pub per_block: Vec<Duration>,
    /// Of which the state root.
    pub root: Vec<Duration>,
    /// Of which `commit_block`.
    pub commit: Vec<Duration>,
    /// Of which waiting for the fold (back-pressure, inside `commit_block`).
    pub waited: Vec<Duration>,
    /// Fold statistics after each block (cumulative).
    pub fold_after: Vec<lumio_storage::FoldStats>,
    /// Time of the final flush (folding what was still in the overlay).
    pub final_flush: Duration,
    /// Fold statistics (logged mode).
    pub folds: lumio_storage::FoldStats,
    /// Transaction-hash lookups at the checkpoints and after the final flush.
    pub lookups: Vec<Lookups>,
}

/// A printed row: label, the figure it shows, the window width.
type Row = (&'static str, fn(&Window) -> Option<f64>, u64);

/// Figures of one window of blocks.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Median over the window of root + `commit_block` minus back-pressure, µs per transaction:
    /// what the block producer pays.
    pub foreground_us: f64,
    /// Fold time per folded block in the window, µs per transaction (logged mode; the direct
    /// mode has no fold).
    pub fold_us: Option<f64>,
    /// Mean wall time per block, everything included (building the block, back-pressure), µs per
    /// transaction.
    pub wall_us: f64,
    /// The fold's time by phase (blocks, transaction index, plain state and history, trie, redb
    /// commit), µs per transaction, as `fold_us`.
    pub fold_phases_us: Option<[f64; 5]>,
}

impl ModeRun {
    /// Figures over blocks `start..end`.
    pub fn window(&self, start: u64, end: u64) -> Option<Window> {
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
        if start >= end || end > self.per_block.len() {
            return None;
        }
        let per_tx = |d: f64| d / TXS as f64 * 1e6;
        let mut foreground: Vec<f64> = (start..end)
            .map(|i| {
                (self.root[i] + self.commit[i])
                    .saturating_sub(self.waited[i])
                    .as_secs_f64()
            })
            .collect();
        foreground.sort_by(f64::total_cmp);
        let wall: f64 = self.per_block[start..end]
            .iter()
            .map(Duration::as_secs_f64)
            .sum();
        let before = start
            .checked_sub(1)
            .map(|i| self.fold_after[i])
            .unwrap_or_default();
        let after = self.fold_after[end - 1];
        let folded = after.blocks.saturating_sub(before.blocks);
        let logged = self.mode == CommitMode::Logged && folded > 0;
        let per_block =
            |a: Duration, b: Duration| per_tx(a.saturating_sub(b).as_secs_f64() / folded as f64);
        let fold_us = logged.then(|| per_block(after.busy, before.busy));
        let (a, b) = (after.phases, before.phases);
        let fold_phases_us = logged.then(|| {
            [
                per_block(a.blocks, b.blocks),
                per_block(a.tx_index, b.tx_index),
                per_block(a.state, b.state),
                per_block(a.trie, b.trie),
                per_block(a.commit, b.commit),
            ]
        });
        Some(Window {
            foreground_us: per_tx(foreground[foreground.len() / 2]),
            fold_us,
            wall_us: per_tx(wall / (end - start) as f64),
            fold_phases_us,
        })
    }
}

fn mode_name(mode: CommitMode) -> &'static str {
    match mode {
        CommitMode::Logged => "logged (WAL + overlay)",
        CommitMode::Direct => "direct (redb per block)",
    }
}

fn run_mode(dir: &Path, mode: CommitMode, config: &StoreConfig) -> lumio_storage::Result<ModeRun> {
    let store = Store::open_with(
        dir,
        StoreOptions {
            mode,
            ..StoreOptions::default()
        },
    )?;
    println!(
        "\n{}: {} blocks of {TXS} txs and {} changed accounts ({})",
        mode_name(mode),
        config.blocks,
        SENDERS + RECIPIENTS,
        dir.display()
    );
    if config.every_group {
        println!(
            "{:>12} {:>10} {:>8} {:>8} {:>10} {:>8}",
            "blocks", "ms/block", "root ms", "commit", "us/tx", "pending"
        );
    }
    let mut per_block = Vec::with_capacity(config.blocks as usize);
    let (mut roots, mut commits, mut waits, mut folds) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mean_ms = |v: &[Duration]| {
        v[v.len() - GROUP as usize..]
            .iter()
            .map(Duration::as_secs_f64)
            .sum::<f64>()
            / GROUP as f64
            * 1e3
    };
    let mut lookup_rates = Vec::new();
    for number in 0..config.blocks {
        if config.lookups > 0 && CHECKPOINTS.contains(&number) {
            // block `number - 1` is the checkpoint's last block (block numbers start at 0)
            lookup_rates.push(lookups(&store, number - 1, config.lookups)?);
        }
        let before = store.fold_stats().waited;
        let start = Instant::now();
        let (root, commit_time) = commit(&store, number)?;
        per_block.push(start.elapsed());
        roots.push(root);
        commits.push(commit_time);
        let stats = store.fold_stats();
        waits.push(stats.waited.saturating_sub(before));
        folds.push(stats);
        if config.every_group && (number + 1) % GROUP == 0 {
            let per = mean_ms(&per_block);
            println!(
                "{:>12} {:>10.1} {:>8.1} {:>8.1} {:>10.1} {:>8}",
                format!("{}-{}", number + 1 - GROUP, number),
                per,
                mean_ms(&roots),
                mean_ms(&commits),
                per / TXS as f64 * 1e3,
                store.pending_blocks()
            );
        }
    }
    let start = Instant::now();
    store.flush()?;
    let final_flush = start.elapsed();
    if let Some(last) = config.blocks.checked_sub(1).filter(|_| config.lookups > 0) {
        lookup_rates.push(lookups(&store, last, config.lookups)?);
    }
    Ok(ModeRun {
        mode,
        per_block,
        root: roots,
        commit: commits,
        waited: waits,
        fold_after: folds,
        final_flush,
        folds: store.fold_stats(),
        lookups: lookup_rates,
    })
}

/// Runs the configured modes (each on a fresh temporary directory) and prints the figures.
pub fn run(config: &StoreConfig) -> crate::Result<Vec<ModeRun>> {
    let mut runs = Vec::new();
    for mode in &config.modes {
        let dir = tempfile::Builder::new()
            .prefix("lumio-bench-store-")
            .tempdir()?;
        let run = run_mode(dir.path(), *mode, config)
            .map_err(|e| crate::BenchError::Check(format!("store: {e}")))?;
        let total: Duration = run.per_block.iter().sum();
        let txs = config.blocks * TXS;
        println!(
            "  total {:.1} s for {} blocks; final fold {:.2} s; sustained {:.1} us/tx (final fold included)",
            total.as_secs_f64(),
            config.blocks,
            run.final_flush.as_secs_f64(),
            (total + run.final_flush).as_secs_f64() / txs as f64 * 1e6
        );
        if *mode == CommitMode::Logged {
            let f = run.folds;
            println!(
                "  {} folds, {:.1} blocks per fold, {:.0} ms per fold (longest {:.0} ms), fold busy {:.1} s; commits waited {:.1} s for the fold (longest wait {:.0} ms)",
                f.folds,
                f.blocks as f64 / f.folds.max(1) as f64,
                f.busy.as_secs_f64() * 1e3 / f.folds.max(1) as f64,
                f.longest.as_secs_f64() * 1e3,
                f.busy.as_secs_f64(),
                f.waited.as_secs_f64(),
                f.longest_wait.as_secs_f64() * 1e3
            );
        }
        runs.push(run);
    }
    for run in &runs {
        let wrong: u64 = run.lookups.iter().map(|l| l.wrong).sum();
        if wrong > 0 {
            return Err(crate::BenchError::Check(format!(
                "store ({}): {wrong} transaction lookups answered wrongly",
                mode_name(run.mode)
            )));
        }
        if run.lookups.is_empty() {
            continue;
        }
        println!(
            "\n{}: transaction-hash lookups per second ({} each, one read view per lookup; the last after the final fold):",
            mode_name(run.mode),
            config.lookups
        );
        for l in &run.lookups {
            println!(
                "  after block {:>5} ({:>9} txs): found {:>9.0}/s, absent {:>9.0}/s",
                l.after_block,
                (l.after_block + 1) * TXS,
                l.found_per_s,
                l.absent_per_s
            );
        }
    }
    let checkpoints: Vec<u64> = CHECKPOINTS
        .into_iter()
        .filter(|c| *c <= config.blocks)
        .collect();
    println!(
        "\nus per transaction around block N (the {GROUP} blocks up to N for `commit`; the 100 up to N, or all, for `fold` and `wall`):"
    );
    print!("{:>26} {:>13}", "", "");
    for c in &checkpoints {
        print!(" {c:>9}");
    }
    println!(" {:>11}", "last/first");
    for run in &runs {
        let rows: [Row; 8] = [
            ("commit", |w| Some(w.foreground_us), GROUP),
            ("fold", |w| w.fold_us, 100),
            ("- blocks", |w| w.fold_phases_us.map(|p| p[0]), 100),
            ("- tx index", |w| w.fold_phases_us.map(|p| p[1]), 100),
            ("- state", |w| w.fold_phases_us.map(|p| p[2]), 100),
            ("- trie", |w| w.fold_phases_us.map(|p| p[3]), 100),
            ("- redb commit", |w| w.fold_phases_us.map(|p| p[4]), 100),
            ("wall", |w| Some(w.wall_us), 100),
        ];
        for (label, pick, width) in rows {
            let figures: Vec<Option<f64>> = checkpoints
                .iter()
                .map(|c| {
                    run.window(c.saturating_sub(width), *c)
                        .and_then(|w| pick(&w))
                })
                .collect();
            if figures.iter().all(Option::is_none) {
                continue;
            }
            print!("{:>26} {label:>13}", mode_name(run.mode));
            for f in &figures {
                match f {
                    Some(f) => print!(" {f:>9.1}"),
                    None => print!(" {:>9}", "-"),
                }
            }
            match (
                figures.first().copied().flatten(),
                figures.last().copied().flatten(),
            ) {
                (Some(first), Some(last)) => println!(" {:>11.2}", last / first),
                _ => println!(),
            }
        }
    }
    Ok(runs)
}
