//! `lumio bench store-commit`: the cost of committing blocks to the store as the chain grows.
//!
//! Each block changes the same 5,000 sender accounts plus 256 recipients and carries 6,000
//! transactions with receipts (the shape of a saturated transfer load), and is committed the way
//! the sequencer commits: state root from the diff, then one durable redb transaction. Printed per
//! group of blocks, so the growth with chain length is visible.

use alloy_consensus::Header;
use alloy_primitives::{Address, Bytes, U256, keccak256};
use anyhow::Context;
use lumio_primitives::{
    AccountDiff, AccountState, StateDiff, StoredBlock, StoredReceipt, StoredTx,
};
use lumio_storage::Store;
use std::time::Instant;

const BLOCKS: u64 = 150;
const GROUP: u64 = 10;
const SENDERS: u64 = 5_000;
const RECIPIENTS: u64 = 256;
const TXS: u64 = 6_000;

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

fn commit(store: &Store, number: u64) -> anyhow::Result<()> {
    let diff = block_diff(number);
    let parent_hash = match number.checked_sub(1) {
        Some(parent) => store.block_hash(parent)?.context("parent block missing")?,
        None => Default::default(),
    };
    let (state_root, trie) = store.state_root(&diff)?;
    let header = Header {
        number,
        parent_hash,
        state_root,
        gas_limit: 1_000_000_000,
        ..Default::default()
    };
    let transactions = (0..TXS)
        .map(|i| StoredTx {
            hash: keccak256([number.to_be_bytes(), i.to_be_bytes()].concat()),
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
    store.commit_block(&block, &receipts, &diff, trie)?;
    Ok(())
}

pub(crate) fn run() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("lumio-bench-store-{}", std::process::id()));
    let result = run_in(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(dir: &std::path::Path) -> anyhow::Result<()> {
    let store = Store::open(dir)?;
    println!(
        "store-commit: {BLOCKS} blocks of {TXS} txs and {} changed accounts, one durable commit each ({})",
        SENDERS + RECIPIENTS,
        dir.display()
    );
    println!("{:>12} {:>14} {:>14}", "blocks", "ms/block", "us/tx");
    let mut group_secs = 0.0;
    for number in 0..BLOCKS {
        let start = Instant::now();
        commit(&store, number)?;
        group_secs += start.elapsed().as_secs_f64();
        if (number + 1) % GROUP == 0 {
            let per_block = group_secs / GROUP as f64;
            println!(
                "{:>12} {:>14.1} {:>14.1}",
                format!("{}-{}", number + 1 - GROUP, number),
                per_block * 1e3,
                per_block / TXS as f64 * 1e6
            );
            group_secs = 0.0;
        }
    }
    Ok(())
}
