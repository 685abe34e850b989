//! Blocks, receipts, indexes, durability across reopen.

use crate::common::{Model, account, addr, commit, receipt, set};
use alloy_primitives::{B256, U256};
use lumio_primitives::{StateDiff, TxLocation};
use lumio_storage::Store;

#[test]
fn block_reads_by_number_and_hash() {
    let store = Store::in_memory().unwrap();
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(0, 100)), &[]);
    let b0 = commit(&store, &diff, 0);
    let b1 = commit(&store, &StateDiff::default(), 3);
    assert_eq!(store.latest_block_number().unwrap(), Some(1));
    assert_eq!(store.block_hash(1).unwrap(), Some(b1.hash));
    assert_eq!(store.block_number(b0.hash).unwrap(), Some(0));
    assert_eq!(store.header_by_number(1).unwrap(), Some(b1.header.clone()));
    assert_eq!(
        store.header_by_hash(b1.hash).unwrap(),
        Some(b1.header.clone())
    );
    assert_eq!(store.block_by_number(1).unwrap(), Some(b1.clone()));
    assert_eq!(store.block_by_hash(b0.hash).unwrap(), Some(b0.clone()));
    assert_eq!(
        store.receipts(1).unwrap(),
        Some((0..3).map(receipt).collect())
    );
    assert_eq!(store.receipts(0).unwrap(), Some(vec![]));
    let t = &b1.transactions[2];
    assert_eq!(
        store.transaction_location(t.hash).unwrap(),
        Some(TxLocation {
            block_number: 1,
            block_hash: b1.hash,
            index: 2
        })
    );
    assert_eq!(store.block_by_number(2).unwrap(), None);
    assert_eq!(store.header_by_hash(B256::repeat_byte(9)).unwrap(), None);
    assert_eq!(store.transaction_location(B256::ZERO).unwrap(), None);
    // latest state reads and block hashes through the snapshot
    let snap = store.latest().unwrap();
    assert_eq!(snap.block_number(), Some(1));
    assert_eq!(snap.account(addr(1)).unwrap(), Some(account(0, 100)));
    assert_eq!(snap.block_hash(0).unwrap(), Some(b0.hash));
}

#[test]
fn snapshot_is_isolated_from_later_commits() {
    let store = Store::in_memory().unwrap();
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(0, 1)), &[(1, 1)]);
    commit(&store, &diff, 0);
    let before = store.latest().unwrap();
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(1, 2)), &[(1, 2)]);
    commit(&store, &diff, 0);
    assert_eq!(before.account(addr(1)).unwrap(), Some(account(0, 1)));
    assert_eq!(
        before.storage(addr(1), U256::from(1)).unwrap(),
        U256::from(1)
    );
    assert_eq!(
        store
            .latest()
            .unwrap()
            .storage(addr(1), U256::from(1))
            .unwrap(),
        U256::from(2)
    );
}

#[test]
fn reopen_after_drop_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = Model::default();
    let mut blocks = Vec::new();
    {
        let store = Store::open(dir.path()).unwrap();
        for b in 0..4u64 {
            let mut diff = StateDiff::default();
            for i in 0..50 {
                set(
                    &mut diff,
                    addr(i + b * 10),
                    Some(account(b, i)),
                    &[(i, b + 1)],
                );
            }
            model.apply(&diff);
            blocks.push(commit(&store, &diff, 2));
        }
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.latest_block_number().unwrap(), Some(3));
    // The in-memory head is loaded on open.
    assert_eq!(
        store.head_header().as_ref(),
        blocks.last().map(|b| &b.header)
    );
    for b in &blocks {
        assert_eq!(store.block_by_number(b.number()).unwrap().as_ref(), Some(b));
        assert_eq!(
            store.receipts(b.number()).unwrap().map(|r| r.len()),
            Some(2)
        );
    }
    assert_eq!(store.latest_state_root().unwrap(), model.root());
    let addresses: Vec<_> = (0..90).map(addr).collect();
    let slots: Vec<_> = (0..50).map(U256::from).collect();
    model.check_reader(&store.latest().unwrap(), &addresses, &slots);
    // and keeps growing incrementally from the reopened trie
    let mut diff = StateDiff::default();
    set(&mut diff, addr(3), None, &[]);
    set(&mut diff, addr(500), Some(account(9, 9)), &[(1, 1)]);
    model.apply(&diff);
    assert_eq!(commit(&store, &diff, 0).header.state_root, model.root());
}

/// Child side of [`kill_dash_nine_keeps_committed_blocks`]: commits blocks forever and prints
/// each number once `commit_block` returned.
#[test]
#[ignore = "child process of kill_dash_nine_keeps_committed_blocks"]
fn kill_writer_child() {
    use std::io::Write;
    let Ok(dir) = std::env::var("LUMIO_KILL_DIR") else {
        return;
    };
    let store = Store::open(dir).unwrap();
    for b in 0..100_000u64 {
        let mut diff = StateDiff::default();
        for i in 0..20 {
            set(
                &mut diff,
                addr(b * 20 + i),
                Some(account(b, i)),
                &[(i, b + 1)],
            );
        }
        let block = commit(&store, &diff, 2);
        println!("committed {}", block.number());
        std::io::stdout().flush().unwrap();
    }
}

#[test]
fn kill_dash_nine_keeps_committed_blocks() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "blocks::kill_writer_child",
            "--ignored",
            "--nocapture",
        ])
        .env("LUMIO_KILL_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut last = None;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("committed ") {
            last = Some(n.trim().parse::<u64>().unwrap());
            if last >= Some(15) {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL, most likely in the middle of a write transaction
    child.wait().unwrap();
    let last = last.expect("child committed nothing");
    let store = Store::open(dir.path()).unwrap();
    let head = store.latest_block_number().unwrap().unwrap();
    assert!(head >= last, "head {head} < acknowledged {last}");
    let header = store.header_by_number(head).unwrap().unwrap();
    assert_eq!(store.latest_state_root().unwrap(), header.state_root);
    for n in 0..=head {
        assert!(store.block_by_number(n).unwrap().is_some());
        assert_eq!(store.receipts(n).unwrap().map(|r| r.len()), Some(2));
    }
    // the reopened store keeps committing correct roots
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(7, 7)), &[]);
    let block = commit(&store, &diff, 0);
    assert_eq!(store.latest_state_root().unwrap(), block.header.state_root);
}

/// Receipts with 0, 2, 0, 3 logs: first log indexes 0, 0, 2, 2.
fn receipts_with_logs() -> Vec<lumio_primitives::StoredReceipt> {
    use alloy_primitives::{Address, Bytes, Log, LogData};
    [0usize, 2, 0, 3]
        .iter()
        .enumerate()
        .map(|(i, &logs)| {
            let mut r = receipt(i as u64);
            r.logs = (0..logs)
                .map(|l| Log {
                    address: Address::repeat_byte(l as u8),
                    data: LogData::new_unchecked(vec![B256::repeat_byte(i as u8)], Bytes::new()),
                })
                .collect();
            r
        })
        .collect()
}

#[test]
fn transactions_and_receipts_are_read_one_by_one() {
    let store = Store::in_memory().unwrap();
    commit(&store, &StateDiff::default(), 0);
    let (root, trie) = store.state_root(&StateDiff::default()).unwrap();
    let header = alloy_consensus::Header {
        number: 1,
        parent_hash: store.block_hash(0).unwrap().unwrap(),
        state_root: root,
        ..Default::default()
    };
    let block = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: (0..4).map(|i| crate::common::tx(1, i)).collect(),
    };
    let receipts = receipts_with_logs();
    store
        .commit_block(&block, &receipts, &StateDiff::default(), trie)
        .unwrap();

    let chain = store.chain().unwrap();
    assert_eq!(chain.head().unwrap(), Some(1));
    assert_eq!(chain.transaction_count(1).unwrap(), 4);
    assert_eq!(chain.transaction_count(0).unwrap(), 0);
    assert_eq!(chain.transaction_count(2).unwrap(), 0);
    for (i, (t, r)) in block.transactions.iter().zip(&receipts).enumerate() {
        let i = i as u64;
        let loc = chain.transaction_location(t.hash).unwrap().unwrap();
        assert_eq!(
            (loc.block_number, loc.block_hash, loc.index),
            (1, block.hash, i)
        );
        assert_eq!(chain.transaction(1, i).unwrap().as_ref(), Some(t));
        let indexed = chain.receipt(1, i).unwrap().unwrap();
        assert_eq!(&indexed.receipt, r);
        let before: usize = receipts[..i as usize].iter().map(|r| r.logs.len()).sum();
        assert_eq!(indexed.first_log_index, before as u64);
    }
    assert_eq!(
        [0, 0, 2, 2],
        [0u64, 1, 2, 3].map(|i| chain.receipt(1, i).unwrap().unwrap().first_log_index)
    );
    assert_eq!(chain.transaction(1, 4).unwrap(), None);
    assert_eq!(chain.receipt(1, 4).unwrap(), None);
    assert_eq!(chain.transactions(1).unwrap(), block.transactions);
    assert_eq!(chain.receipts(1).unwrap(), receipts);
    assert_eq!(chain.block(1).unwrap(), Some(block.clone()));
    drop(chain);

    // A receipt count that does not match the transactions is refused, nothing written.
    let (root, trie) = store.state_root(&StateDiff::default()).unwrap();
    let header = alloy_consensus::Header {
        number: 2,
        parent_hash: block.hash,
        state_root: root,
        ..Default::default()
    };
    let bad = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: vec![crate::common::tx(2, 0)],
    };
    assert!(
        store
            .commit_block(&bad, &[], &StateDiff::default(), trie)
            .is_err()
    );
    assert_eq!(store.latest_block_number().unwrap(), Some(1));

    // A revert removes the rows and the index entries of the block.
    store.revert_to(0).unwrap();
    let chain = store.chain().unwrap();
    assert_eq!(chain.transaction_count(1).unwrap(), 0);
    assert_eq!(chain.receipt(1, 0).unwrap(), None);
    for t in &block.transactions {
        assert_eq!(chain.transaction_location(t.hash).unwrap(), None);
    }
    assert_eq!(store.receipts(1).unwrap(), None);
}

#[test]
fn databases_of_another_schema_version_are_refused() {
    use lumio_storage::{SCHEMA_VERSION, StorageError};
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        commit(&store, &StateDiff::default(), 1);
    }
    // Reopening a database of this version works.
    assert_eq!(
        Store::open(dir.path())
            .unwrap()
            .latest_block_number()
            .unwrap(),
        Some(0)
    );
    // A version 1 database: blocks, but no version recorded.
    let set_version = |version: Option<u64>| {
        let db = redb::Database::create(dir.path().join(lumio_storage::DB_FILE)).unwrap();
        let tx = db.begin_write().unwrap();
        {
            let meta: redb::TableDefinition<'_, &str, &[u8]> = redb::TableDefinition::new("meta");
            let mut meta = tx.open_table(meta).unwrap();
            match version {
                Some(v) => meta.insert("schema_version", v.to_be_bytes().as_slice()),
                None => meta.remove("schema_version"),
            }
            .unwrap();
        }
        tx.commit().unwrap();
    };
    for (version, found) in [(None, 1), (Some(SCHEMA_VERSION + 1), SCHEMA_VERSION + 1)] {
        set_version(version);
        let err = Store::open(dir.path()).unwrap_err();
        assert!(
            matches!(err, StorageError::UnsupportedSchema { found: f, supported, .. } if f == found && supported == SCHEMA_VERSION),
            "{err}"
        );
        let message = err.to_string();
        assert!(
            message.contains(&format!("schema version {found}")),
            "{message}"
        );
        assert!(message.contains("fresh data directory"), "{message}");
    }
}

/// A database of schema version 2 kept the whole transaction index in the `tx_index` table, with
/// entries of two forms (number ‖ block hash ‖ index, 48 bytes, and number ‖ index, 16 bytes, the
/// hash from `canonical_hashes`). Opened now, it is upgraded to version 3 and every entry still
/// reads; blocks committed after the upgrade go into the runs; an entry whose block is gone is
/// reported as corrupt, not answered with a made-up hash; a revert removes old and new entries.
#[test]
fn a_version_2_transaction_index_is_read_after_the_upgrade() {
    use redb::{ReadableDatabase, TableHandle};
    let dir = tempfile::tempdir().unwrap();
    let b1 = {
        let store = Store::open(dir.path()).unwrap();
        commit(&store, &StateDiff::default(), 0);
        let b1 = commit(&store, &StateDiff::default(), 3);
        store.flush().unwrap();
        b1
    };
    // Turn the database into what version 2 wrote: no runs, one `tx_index` table.
    let old_hash = B256::repeat_byte(0x5a);
    {
        let db = redb::Database::create(dir.path().join(lumio_storage::DB_FILE)).unwrap();
        let tx = db.begin_write().unwrap();
        let runs: Vec<String> = tx
            .list_tables()
            .unwrap()
            .map(|t| t.name().to_string())
            .filter(|n| n.starts_with("tx_index_run_"))
            .collect();
        assert!(!runs.is_empty(), "the flush wrote no run");
        for name in runs {
            let table: redb::TableDefinition<'_, &[u8], &[u8]> = redb::TableDefinition::new(&name);
            assert!(tx.delete_table(table).unwrap());
        }
        let filters: redb::TableDefinition<'_, u64, &[u8]> =
            redb::TableDefinition::new("tx_index_filters");
        assert!(tx.delete_table(filters).unwrap());
        let meta: redb::TableDefinition<'_, &str, &[u8]> = redb::TableDefinition::new("meta");
        let mut meta = tx.open_table(meta).unwrap();
        meta.remove("tx_index_runs").unwrap();
        meta.remove("tx_index_next_run").unwrap();
        meta.insert("schema_version", 2u64.to_be_bytes().as_slice())
            .unwrap();
        drop(meta);
        let index: redb::TableDefinition<'_, &[u8], &[u8]> = redb::TableDefinition::new("tx_index");
        let mut index = tx.open_table(index).unwrap();
        for (i, t) in b1.transactions.iter().enumerate() {
            let i = i as u64;
            let value = if i == 2 {
                // the old form, with a block hash that differs from the canonical one: the
                // entry's is used
                [
                    &1u64.to_be_bytes()[..],
                    old_hash.as_slice(),
                    &i.to_be_bytes(),
                ]
                .concat()
            } else {
                [1u64.to_be_bytes(), i.to_be_bytes()].concat()
            };
            index.insert(t.hash.as_slice(), value.as_slice()).unwrap();
        }
        // a compact entry pointing at a block that is not stored
        index
            .insert(
                B256::repeat_byte(7).as_slice(),
                [9u64.to_be_bytes(), 0u64.to_be_bytes()].concat().as_slice(),
            )
            .unwrap();
        drop(index);
        tx.commit().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let at = |block_number, block_hash, index| {
        Some(TxLocation {
            block_number,
            block_hash,
            index,
        })
    };
    for (i, t) in b1.transactions.iter().enumerate() {
        let hash = if i == 2 { old_hash } else { b1.hash };
        assert_eq!(
            store.transaction_location(t.hash).unwrap(),
            at(1, hash, i as u64)
        );
    }
    let err = store
        .transaction_location(B256::repeat_byte(7))
        .unwrap_err()
        .to_string();
    assert!(err.contains("block 9, which is not stored"), "{err}");
    // upgraded: later blocks go into runs, both are read, a revert removes from both
    let b2 = commit(&store, &StateDiff::default(), 2);
    store.flush().unwrap();
    assert_eq!(
        store.transaction_location(b2.transactions[1].hash).unwrap(),
        at(2, b2.hash, 1)
    );
    assert_eq!(
        store.transaction_location(b1.transactions[0].hash).unwrap(),
        at(1, b1.hash, 0)
    );
    store.revert_to(0).unwrap();
    for t in b1.transactions.iter().chain(&b2.transactions) {
        assert_eq!(store.transaction_location(t.hash).unwrap(), None);
    }
    drop(store);
    let db = redb::Database::create(dir.path().join(lumio_storage::DB_FILE)).unwrap();
    let tx = db.begin_read().unwrap();
    let meta: redb::TableDefinition<'_, &str, &[u8]> = redb::TableDefinition::new("meta");
    let version = tx
        .open_table(meta)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap()
        .value()
        .to_vec();
    assert_eq!(version, 3u64.to_be_bytes());
}

/// A block over several rows of transactions (two full rows and a partial one): every
/// transaction and receipt reads back one by one and in bulk, and a revert removes them all.
#[test]
fn blocks_spanning_several_rows_read_back_and_revert() {
    use alloy_primitives::{Address, Bytes, Log, LogData};
    let store = Store::in_memory().unwrap();
    commit(&store, &StateDiff::default(), 0);
    let b1 = commit(&store, &StateDiff::default(), 70);
    let (root, trie) = store.state_root(&StateDiff::default()).unwrap();
    let header = alloy_consensus::Header {
        number: 2,
        parent_hash: b1.hash,
        state_root: root,
        ..Default::default()
    };
    let block = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: (0..65).map(|i| crate::common::tx(2, i)).collect(),
    };
    let receipts: Vec<_> = (0..65u64)
        .map(|i| {
            let mut r = receipt(i);
            r.logs = vec![
                Log {
                    address: Address::repeat_byte(1),
                    data: LogData::new_unchecked(vec![], Bytes::new()),
                };
                (i % 3) as usize
            ];
            r
        })
        .collect();
    store
        .commit_block(&block, &receipts, &StateDiff::default(), trie)
        .unwrap();
    let chain = store.chain().unwrap();
    assert_eq!(chain.transaction_count(1).unwrap(), 70);
    assert_eq!(chain.transaction_count(2).unwrap(), 65);
    assert_eq!(chain.transactions(1).unwrap(), b1.transactions);
    assert_eq!(chain.receipts(2).unwrap(), receipts);
    let mut logs = 0;
    for (i, t) in block.transactions.iter().enumerate() {
        let i = i as u64;
        assert_eq!(chain.transaction(2, i).unwrap().as_ref(), Some(t));
        let r = chain.receipt(2, i).unwrap().unwrap();
        assert_eq!(
            (&r.receipt, r.first_log_index),
            (&receipts[i as usize], logs)
        );
        logs += r.receipt.logs.len() as u64;
        assert_eq!(
            chain.transaction_location(t.hash).unwrap().unwrap().index,
            i
        );
    }
    assert_eq!(chain.transaction(2, 65).unwrap(), None);
    assert_eq!(chain.receipt(2, 96).unwrap(), None);
    drop(chain);
    store.revert_to(1).unwrap();
    let chain = store.chain().unwrap();
    assert_eq!(chain.transaction_count(2).unwrap(), 0);
    assert!(
        chain
            .transaction_location(block.transactions[64].hash)
            .unwrap()
            .is_none()
    );
    assert_eq!(chain.transactions(1).unwrap(), b1.transactions);
}
