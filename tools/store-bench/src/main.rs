//! Store-choice benchmark: redb vs libmdbx on the node's hottest shape of data.
//!
//! Workload (same for both stores, same random data):
//! - write N accounts (32-byte random key, as a keccak-hashed address, -> 80-byte value, about an
//!   RLP account record) in blocks of B accounts, one durable (fsync) commit per block;
//! - then N uniformly random point reads of existing keys in one read transaction;
//! - report write and read throughput and the size of the files on disk.
//!
//! Usage: `store-bench [N] [B]` (defaults 1,000,000 and 10,000). Run in release.
//! Not a workspace member: CI never builds libmdbx (C sources + bindgen/libclang).

use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};
use std::{
    path::Path,
    time::{Duration, Instant},
};

const VALUE_LEN: usize = 80;

struct Outcome {
    name: &'static str,
    write: Duration,
    read: Duration,
    size: u64,
}

fn dir_size(path: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            let meta = match entry.metadata() {
                Ok(m) => m,
                Err(_) => continue,
            };
            if meta.is_dir() {
                total += dir_size(&entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

fn bench_redb(
    keys: &[[u8; 32]],
    values: &[[u8; VALUE_LEN]],
    order: &[usize],
    block: usize,
) -> Outcome {
    use redb::{ReadableDatabase, TableDefinition};
    const T: TableDefinition<'_, &[u8; 32], &[u8]> = TableDefinition::new("accounts");
    let dir = tempfile::tempdir_in(".").expect("tempdir");
    let db = redb::Database::create(dir.path().join("db.redb")).expect("create");

    let start = Instant::now();
    for (chunk_k, chunk_v) in keys.chunks(block).zip(values.chunks(block)) {
        let tx = db.begin_write().expect("begin_write");
        {
            let mut t = tx.open_table(T).expect("open_table");
            for (k, v) in chunk_k.iter().zip(chunk_v) {
                t.insert(k, v.as_slice()).expect("insert");
            }
        }
        tx.commit().expect("commit"); // default durability: fsync on commit
    }
    let write = start.elapsed();

    let start = Instant::now();
    let tx = db.begin_read().expect("begin_read");
    let t = tx.open_table(T).expect("open_table");
    let mut check = 0u64;
    for &i in order {
        let g = t.get(&keys[i]).expect("get").expect("present");
        check += u64::from(g.value()[0]);
    }
    let read = start.elapsed();
    assert_eq!(
        check,
        order.iter().map(|&i| u64::from(values[i][0])).sum::<u64>()
    );
    drop(t);
    drop(tx);
    drop(db);
    Outcome {
        name: "redb 4.6",
        write,
        read,
        size: dir_size(dir.path()),
    }
}

fn bench_mdbx(
    keys: &[[u8; 32]],
    values: &[[u8; VALUE_LEN]],
    order: &[usize],
    block: usize,
) -> Outcome {
    use libmdbx::{Database, DatabaseOptions, NoWriteMap, TableFlags, WriteFlags};
    let dir = tempfile::tempdir_in(".").expect("tempdir");
    let db = Database::<NoWriteMap>::open_with_options(
        dir.path(),
        DatabaseOptions {
            max_tables: Some(4),
            ..Default::default()
        },
    )
    .expect("open");

    let start = Instant::now();
    for (chunk_k, chunk_v) in keys.chunks(block).zip(values.chunks(block)) {
        let tx = db.begin_rw_txn().expect("begin_rw_txn");
        let t = tx
            .create_table(Some("accounts"), TableFlags::default())
            .expect("table");
        for (k, v) in chunk_k.iter().zip(chunk_v) {
            tx.put(&t, k, v, WriteFlags::UPSERT).expect("put");
        }
        tx.commit().expect("commit"); // default SyncMode::Durable
    }
    let write = start.elapsed();

    let start = Instant::now();
    let tx = db.begin_ro_txn().expect("begin_ro_txn");
    let t = tx.open_table(Some("accounts")).expect("open_table");
    let mut check = 0u64;
    for &i in order {
        let v: std::borrow::Cow<'_, [u8]> = tx.get(&t, keys[i]).expect("get").expect("present");
        check += u64::from(v[0]);
    }
    let read = start.elapsed();
    assert_eq!(
        check,
        order.iter().map(|&i| u64::from(values[i][0])).sum::<u64>()
    );
    drop(t);
    drop(tx);
    drop(db);
    Outcome {
        name: "libmdbx 0.9",
        write,
        read,
        size: dir_size(dir.path()),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let block: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);

    let mut rng = StdRng::seed_from_u64(42);
    let keys: Vec<[u8; 32]> = (0..n).map(|_| rng.random()).collect();
    let values: Vec<[u8; VALUE_LEN]> = (0..n)
        .map(|_| {
            let mut v = [0u8; VALUE_LEN];
            rng.fill(&mut v[..]);
            v
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);

    println!(
        "N = {n} accounts, {block} per block ({} durable commits), value {VALUE_LEN} B",
        n.div_ceil(block)
    );
    println!(
        "{:<12} {:>12} {:>14} {:>12} {:>14} {:>10}",
        "store", "write s", "writes/s", "read s", "reads/s", "size MB"
    );
    for out in [
        bench_redb(&keys, &values, &order, block),
        bench_mdbx(&keys, &values, &order, block),
    ] {
        println!(
            "{:<12} {:>12.2} {:>14.0} {:>12.2} {:>14.0} {:>10.1}",
            out.name,
            out.write.as_secs_f64(),
            n as f64 / out.write.as_secs_f64(),
            out.read.as_secs_f64(),
            n as f64 / out.read.as_secs_f64(),
            out.size as f64 / 1e6,
        );
    }
}
