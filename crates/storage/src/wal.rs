//! The write-ahead log: one record per committed block, appended and fsynced before the commit
//! returns.
//!
//! Files: `wal/<sequence, 16 hex digits>.log` in the database directory. Each starts with the
//! 8-byte magic `LUMIOWAL` and a u32 LE format version (1), then records back to back:
//!
//! ```text
//! payload length (u32 LE) ‖ CRC-32C of the payload (u32 LE) ‖ payload
//! payload = BCS(BlockRecord): header (RLP), hash, transactions, receipts, state diff, trie updates
//! ```
//!
//! A commit appends to the newest file. A fold first starts a new file (under the commit lock),
//! so every block it folds sits in older files, which it deletes once redb has committed. On
//! open, records of blocks above redb's head are replayed; a torn or unchecksummed record at the
//! end of the newest file is what a `kill -9` during an append leaves: it is cut off (that
//! commit never returned). Anywhere else it is corruption and opening fails.

use crate::{
    codec::{decode_branch, decode_header, encode_branch, encode_header},
    error::{Result, StorageError},
    tables::nibbles_from_key,
    trie::{StorageTrieUpdates, TrieUpdates},
};
use alloy_primitives::{Address, B256};
use alloy_trie::Nibbles;
use lumio_primitives::{StateDiff, StoredBlock, StoredReceipt, StoredTx};
use serde::{Deserialize, Serialize};
use std::{
    fs::{File, OpenOptions},
    io::{Read, Seek, SeekFrom, Write},
    path::{Path, PathBuf},
};

/// Directory of the log inside the database directory.
pub const WAL_DIR: &str = "wal";
const MAGIC: &[u8; 8] = b"LUMIOWAL";
const FORMAT: u32 = 1;
const FILE_HEADER: usize = 12;
const RECORD_HEADER: usize = 8;
/// Largest record accepted on replay (a longer length field is a torn or corrupt header).
const MAX_RECORD: u64 = 1 << 32;

static CRC: crc::Crc<u32, crc::Table<16>> =
    crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_ISCSI);

fn io(e: std::io::Error) -> StorageError {
    StorageError::Db(redb::Error::Io(e))
}

/// One block as logged (written from borrowed data: BCS encodes a slice as a vector, so the
/// bytes are those of [`BlockRecord`]).
#[derive(Serialize)]
struct BlockRecordRef<'a> {
    header: Vec<u8>,
    hash: B256,
    transactions: &'a [StoredTx],
    receipts: &'a [StoredReceipt],
    diff: &'a StateDiff,
    trie: TrieRecord,
}

/// One block as read back.
#[derive(Debug, Deserialize)]
struct BlockRecord {
    header: Vec<u8>,
    hash: B256,
    transactions: Vec<StoredTx>,
    receipts: Vec<StoredReceipt>,
    diff: StateDiff,
    trie: TrieRecord,
}

#[derive(Debug, Serialize, Deserialize)]
struct TrieRecord {
    parent: Option<u64>,
    parent_hash: Option<B256>,
    root: B256,
    account_leaves: Vec<(B256, Option<Vec<u8>>)>,
    /// (nibble path, one byte per nibble; encoded branch node)
    account_nodes: Vec<(Vec<u8>, Vec<u8>)>,
    removed_account_nodes: Vec<Vec<u8>>,
    storage: Vec<(B256, StorageRecord)>,
    storage_roots: Vec<(Address, B256)>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StorageRecord {
    wiped: bool,
    leaves: Vec<(B256, Option<Vec<u8>>)>,
    nodes: Vec<(Vec<u8>, Vec<u8>)>,
    removed: Vec<Vec<u8>>,
}

fn path_bytes(p: &Nibbles) -> Vec<u8> {
    p.iter().collect()
}

fn path_of(bytes: &[u8]) -> Result<Nibbles> {
    nibbles_from_key(bytes).ok_or_else(|| StorageError::corrupt("log record", "bad nibble path"))
}

/// A decoded record: what `commit_block` was given.
#[derive(Debug)]
pub(crate) struct Logged {
    pub(crate) block: StoredBlock,
    pub(crate) receipts: Vec<StoredReceipt>,
    pub(crate) diff: StateDiff,
    pub(crate) trie: TrieUpdates,
}

/// Encodes one block's commit as a record (header and checksum included). `size_hint`: bytes to
/// reserve (the previous record's size is a good guess).
pub(crate) fn encode_record(
    block: &StoredBlock,
    receipts: &[StoredReceipt],
    diff: &StateDiff,
    trie: &TrieUpdates,
    size_hint: usize,
) -> Result<Vec<u8>> {
    let record = BlockRecordRef {
        header: encode_header(&block.header),
        hash: block.hash,
        transactions: &block.transactions,
        receipts,
        diff,
        trie: TrieRecord {
            parent: trie.parent,
            parent_hash: trie.parent_hash,
            root: trie.root,
            account_leaves: trie
                .account_leaves
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect(),
            account_nodes: trie
                .account_nodes
                .iter()
                .map(|(p, n)| (path_bytes(p), encode_branch(n)))
                .collect(),
            removed_account_nodes: trie.removed_account_nodes.iter().map(path_bytes).collect(),
            storage: trie
                .storage
                .iter()
                .map(|(k, st)| {
                    (
                        *k,
                        StorageRecord {
                            wiped: st.wiped,
                            leaves: st.leaves.iter().map(|(k, v)| (*k, v.clone())).collect(),
                            nodes: st
                                .nodes
                                .iter()
                                .map(|(p, n)| (path_bytes(p), encode_branch(n)))
                                .collect(),
                            removed: st.removed.iter().map(path_bytes).collect(),
                        },
                    )
                })
                .collect(),
            storage_roots: trie.storage_roots.iter().map(|(a, r)| (*a, *r)).collect(),
        },
    };
    // One buffer: header placeholder, then the payload serialised behind it.
    let mut out = Vec::with_capacity(size_hint);
    out.extend_from_slice(&[0u8; RECORD_HEADER]);
    bcs::serialize_into(&mut out, &record).map_err(|e| StorageError::Encode {
        what: "log record",
        detail: e.to_string(),
    })?;
    let payload_len = out.len() - RECORD_HEADER;
    let len = u32::try_from(payload_len).map_err(|_| StorageError::Encode {
        what: "log record",
        detail: format!("{payload_len} bytes"),
    })?;
    let crc = CRC.checksum(&out[RECORD_HEADER..]);
    out[..4].copy_from_slice(&len.to_le_bytes());
    out[4..8].copy_from_slice(&crc.to_le_bytes());
    Ok(out)
}

/// Decodes a record's payload (checksum already checked).
pub(crate) fn decode_payload(payload: &[u8]) -> Result<Logged> {
    let r: BlockRecord =
        bcs::from_bytes(payload).map_err(|e| StorageError::corrupt("log record", e.to_string()))?;
    let mut trie = TrieUpdates {
        parent: r.trie.parent,
        parent_hash: r.trie.parent_hash,
        root: r.trie.root,
        account_leaves: r.trie.account_leaves.into_iter().collect(),
        storage_roots: r.trie.storage_roots.into_iter().collect(),
        ..Default::default()
    };
    for (p, n) in r.trie.account_nodes {
        trie.account_nodes.insert(path_of(&p)?, decode_branch(&n)?);
    }
    for p in r.trie.removed_account_nodes {
        trie.removed_account_nodes.push(path_of(&p)?);
    }
    for (k, st) in r.trie.storage {
        let mut s = StorageTrieUpdates {
            wiped: st.wiped,
            leaves: st.leaves.into_iter().collect(),
            ..Default::default()
        };
        for (p, n) in st.nodes {
            s.nodes.insert(path_of(&p)?, decode_branch(&n)?);
        }
        for p in st.removed {
            s.removed.push(path_of(&p)?);
        }
        trie.storage.insert(k, s);
    }
    Ok(Logged {
        block: StoredBlock {
            header: decode_header(&r.header)?,
            hash: r.hash,
            transactions: r.transactions,
        },
        receipts: r.receipts,
        diff: r.diff,
        trie,
    })
}

/// Result of parsing one log file.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// Payloads of the intact records, in order.
    pub(crate) payloads: Vec<Vec<u8>>,
    /// Byte length of the intact prefix (header + intact records).
    pub(crate) valid_len: u64,
    /// Bytes after the intact prefix (a torn or damaged record).
    pub(crate) torn: bool,
}

/// Splits a log file's bytes into records, stopping at the first torn or damaged one.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed> {
    if bytes.len() < FILE_HEADER {
        // A file created but whose header never reached the disk.
        return Ok(Parsed {
            payloads: Vec::new(),
            valid_len: 0,
            torn: !bytes.is_empty(),
        });
    }
    if &bytes[..8] != MAGIC {
        return Err(StorageError::corrupt("write-ahead log", "bad magic"));
    }
    let format = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if format != FORMAT {
        return Err(StorageError::corrupt(
            "write-ahead log",
            format!("format {format}, this build reads {FORMAT}"),
        ));
    }
    let mut at = FILE_HEADER;
    let mut payloads = Vec::new();
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.len() < RECORD_HEADER {
            break;
        }
        let len = u64::from(u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]));
        let crc = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]);
        if len > MAX_RECORD || (rest.len() as u64) < RECORD_HEADER as u64 + len {
            break;
        }
        let payload = &rest[RECORD_HEADER..RECORD_HEADER + len as usize];
        if CRC.checksum(payload) != crc {
            break;
        }
        payloads.push(payload.to_vec());
        at += RECORD_HEADER + len as usize;
    }
    Ok(Parsed {
        payloads,
        valid_len: at as u64,
        torn: at < bytes.len(),
    })
}

/// The open log: the directory and the file commits append to.
#[derive(Debug)]
pub(crate) struct Wal {
    dir: PathBuf,
    file: File,
    /// Sequence number of `file`.
    seq: u64,
}

fn file_name(seq: u64) -> String {
    format!("{seq:016x}.log")
}

/// Log files in `dir`, by sequence number.
fn list(dir: &Path) -> Result<Vec<(u64, PathBuf)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(stem) = name.strip_suffix(".log") else {
            continue;
        };
        if let Ok(seq) = u64::from_str_radix(stem, 16)
            && stem.len() == 16
        {
            out.push((seq, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

impl Wal {
    /// Opens the log in `db_dir/wal` and returns it with every intact record payload, oldest
    /// first. A torn tail of the newest file is cut off; damage anywhere else is an error.
    pub(crate) fn open(db_dir: &Path) -> Result<(Self, Vec<Vec<u8>>)> {
        let dir = db_dir.join(WAL_DIR);
        std::fs::create_dir_all(&dir).map_err(io)?;
        let files = list(&dir)?;
        let mut payloads = Vec::new();
        let last = files.len().checked_sub(1);
        for (i, (_, path)) in files.iter().enumerate() {
            let mut bytes = Vec::new();
            File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(io)?;
            let parsed = parse(&bytes)?;
            if parsed.torn {
                if Some(i) != last {
                    return Err(StorageError::corrupt(
                        "write-ahead log",
                        format!("damaged record in {} (not the newest file)", path.display()),
                    ));
                }
                // The append that was cut short never returned: drop it.
                let f = OpenOptions::new().write(true).open(path).map_err(io)?;
                f.set_len(parsed.valid_len).map_err(io)?;
                f.sync_all().map_err(io)?;
            }
            payloads.extend(parsed.payloads);
        }
        // Appends go to a fresh file (the old ones stay until a fold covers them).
        let seq = files.last().map_or(0, |(s, _)| s + 1);
        let file = Self::create(&dir, seq)?;
        Ok((Self { dir, file, seq }, payloads))
    }

    fn create(dir: &Path, seq: u64) -> Result<File> {
        let path = dir.join(file_name(seq));
        let mut file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(io)?;
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&FORMAT.to_le_bytes());
        file.write_all(&header).map_err(io)?;
        file.sync_all().map_err(io)?;
        sync_dir(dir)?;
        Ok(file)
    }

    /// Appends one encoded record and fsyncs it.
    pub(crate) fn append(&mut self, record: &[u8]) -> Result<()> {
        let start = self.file.seek(SeekFrom::End(0)).map_err(io)?;
        if let Err(e) = self.file.write_all(record) {
            // Leave no half record behind for the next append to follow.
            let _ = self.file.set_len(start);
            return Err(io(e));
        }
        self.file.sync_data().map_err(io)
    }

    /// Starts a new file; returns the sequence number below which every file holds only blocks
    /// appended before this call.
    pub(crate) fn rotate(&mut self) -> Result<u64> {
        let next = self.seq + 1;
        self.file = Self::create(&self.dir, next)?;
        self.seq = next;
        Ok(next)
    }

    /// Deletes the files older than `below`; with `durable`, the deletion is fsynced (a revert
    /// must not find the reverted blocks again after a crash).
    pub(crate) fn delete_below(dir: &Path, below: u64, durable: bool) -> Result<()> {
        for (seq, path) in list(dir)? {
            if seq < below {
                std::fs::remove_file(&path).map_err(io)?;
            }
        }
        if durable {
            sync_dir(dir)?;
        }
        Ok(())
    }

    pub(crate) const fn seq(&self) -> u64 {
        self.seq
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_consensus::Header;
    use alloy_primitives::{Bytes, Log, U256};
    use alloy_trie::{BranchNodeCompact, TrieMask};
    use lumio_primitives::{AccountDiff, AccountState};

    fn record(number: u64) -> (StoredBlock, Vec<StoredReceipt>, StateDiff, TrieUpdates) {
        let header = Header {
            number,
            ..Default::default()
        };
        let block = StoredBlock {
            hash: header.hash_slow(),
            header,
            transactions: vec![StoredTx {
                hash: B256::repeat_byte(number as u8),
                sender: Address::repeat_byte(1),
                encoded: Bytes::from(vec![2, 3, 4]),
            }],
        };
        let receipts = vec![StoredReceipt {
            tx_type: 2,
            success: true,
            cumulative_gas_used: 21_000,
            gas_used: 21_000,
            effective_gas_price: 7,
            logs: vec![Log::new_unchecked(
                Address::repeat_byte(9),
                vec![B256::repeat_byte(5)],
                Bytes::from(vec![1, 2]),
            )],
            contract_address: Some(Address::repeat_byte(3)),
            l1: Default::default(),
            deposit_nonce: None,
            deposit_receipt_version: None,
        }];
        let mut diff = StateDiff::default();
        diff.accounts.insert(
            Address::repeat_byte(1),
            AccountDiff {
                info: Some(AccountState {
                    nonce: number,
                    balance: U256::from(1_000_000u64),
                    ..Default::default()
                }),
                storage_wiped: true,
                storage: [(U256::from(1), U256::from(2)), (U256::MAX, U256::ZERO)].into(),
            },
        );
        diff.accounts
            .insert(Address::repeat_byte(2), AccountDiff::default());
        diff.codes
            .insert(B256::repeat_byte(7), Bytes::from(vec![0x60, 0x00]));
        let node = BranchNodeCompact::new(
            TrieMask::new(0b11),
            TrieMask::new(0),
            TrieMask::new(0b01),
            vec![B256::repeat_byte(4)],
            None,
        );
        let mut trie = TrieUpdates {
            parent: number.checked_sub(1),
            parent_hash: number.checked_sub(1).map(|_| B256::repeat_byte(8)),
            root: B256::repeat_byte(6),
            ..Default::default()
        };
        trie.account_leaves
            .insert(B256::repeat_byte(1), Some(vec![1, 2, 3]));
        trie.account_leaves.insert(B256::repeat_byte(2), None);
        trie.account_nodes
            .insert(Nibbles::from_nibbles([1, 2]), node.clone());
        trie.removed_account_nodes.push(Nibbles::from_nibbles([3]));
        let mut st = StorageTrieUpdates {
            wiped: true,
            ..Default::default()
        };
        st.leaves.insert(B256::repeat_byte(3), Some(vec![9]));
        st.nodes.insert(Nibbles::default(), node);
        st.removed.push(Nibbles::from_nibbles([0xf]));
        trie.storage.insert(B256::repeat_byte(1), st);
        trie.storage_roots
            .insert(Address::repeat_byte(1), B256::repeat_byte(2));
        (block, receipts, diff, trie)
    }

    fn encoded(number: u64) -> Vec<u8> {
        let (b, r, d, t) = record(number);
        encode_record(&b, &r, &d, &t, 0).unwrap()
    }

    #[test]
    fn records_round_trip() {
        let (block, receipts, diff, trie) = record(5);
        let bytes = encode_record(&block, &receipts, &diff, &trie, 0).unwrap();
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&FORMAT.to_le_bytes());
        file.extend_from_slice(&bytes);
        let parsed = parse(&file).unwrap();
        assert!(!parsed.torn);
        assert_eq!(parsed.payloads.len(), 1);
        let got = decode_payload(&parsed.payloads[0]).unwrap();
        assert_eq!(got.block, block);
        assert_eq!(got.receipts, receipts);
        assert_eq!(got.diff, diff);
        assert_eq!(
            (got.trie.parent, got.trie.parent_hash, got.trie.root),
            (trie.parent, trie.parent_hash, trie.root)
        );
        assert_eq!(got.trie.account_leaves, trie.account_leaves);
        assert_eq!(got.trie.account_nodes, trie.account_nodes);
        assert_eq!(got.trie.removed_account_nodes, trie.removed_account_nodes);
        assert_eq!(got.trie.storage_roots, trie.storage_roots);
        let (a, b) = (
            &got.trie.storage[&B256::repeat_byte(1)],
            &trie.storage[&B256::repeat_byte(1)],
        );
        assert_eq!(
            (a.wiped, &a.leaves, &a.nodes, &a.removed),
            (b.wiped, &b.leaves, &b.nodes, &b.removed)
        );
    }

    /// Every cut of the last record — inside its length, its checksum or its payload — leaves
    /// exactly the records before it; so does a flipped bit in its payload or its checksum, or
    /// garbage appended after it.
    #[test]
    fn a_torn_or_damaged_last_record_is_cut_off() {
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&FORMAT.to_le_bytes());
        file.extend_from_slice(&encoded(1));
        let good = file.len();
        let last = encoded(2);
        file.extend_from_slice(&last);
        assert_eq!(parse(&file).unwrap().payloads.len(), 2);
        for cut in good..file.len() {
            let parsed = parse(&file[..cut]).unwrap();
            assert_eq!(parsed.payloads.len(), 1, "cut at {cut}");
            assert_eq!(parsed.valid_len, good as u64);
            assert_eq!(parsed.torn, cut > good);
        }
        for at in [good + 2, good + 5, good + 8, file.len() - 1] {
            let mut bad = file.clone();
            bad[at] ^= 0x10;
            let parsed = parse(&bad).unwrap();
            assert_eq!(parsed.payloads.len(), 1, "flip at {at}");
            assert!(parsed.torn);
        }
        let mut longer = file.clone();
        longer.extend_from_slice(&[0xff; 20]);
        let parsed = parse(&longer).unwrap();
        assert_eq!((parsed.payloads.len(), parsed.torn), (2, true));
        // A header that never reached the disk, and a foreign file.
        assert!(parse(&file[..5]).unwrap().payloads.is_empty());
        assert!(parse(b"NOTALOG!\x01\0\0\0").is_err());
        // A record whose checksum holds but whose contents do not decode is corruption.
        assert!(decode_payload(&[1, 2, 3]).is_err());
    }

    #[test]
    fn open_cuts_the_newest_file_and_refuses_damage_in_older_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (mut wal, replayed) = Wal::open(dir.path()).unwrap();
        assert!(replayed.is_empty());
        wal.append(&encoded(0)).unwrap();
        wal.append(&encoded(1)).unwrap();
        wal.rotate().unwrap();
        wal.append(&encoded(2)).unwrap();
        let newest = wal.dir().join(file_name(wal.seq()));
        drop(wal);
        // Torn tail of the newest file: dropped, and the file is cut back.
        let len = std::fs::metadata(&newest).unwrap().len();
        let f = OpenOptions::new().write(true).open(&newest).unwrap();
        f.set_len(len - 3).unwrap();
        drop(f);
        let (wal, replayed) = Wal::open(dir.path()).unwrap();
        assert_eq!(replayed.len(), 2);
        assert_eq!(
            std::fs::metadata(&newest).unwrap().len(),
            FILE_HEADER as u64
        );
        // Appends go to a new file; the older files stay until a fold deletes them.
        assert_eq!(list(wal.dir()).unwrap().len(), 3);
        drop(wal);
        // Damage in a file that is not the newest: refused.
        let oldest = &list(&dir.path().join(WAL_DIR)).unwrap()[0].1;
        let mut bytes = std::fs::read(oldest).unwrap();
        let at = bytes.len() - 2;
        bytes[at] ^= 1;
        std::fs::write(oldest, bytes).unwrap();
        let err = Wal::open(dir.path()).unwrap_err();
        assert!(matches!(err, StorageError::Corrupt { .. }), "{err}");
    }
}
