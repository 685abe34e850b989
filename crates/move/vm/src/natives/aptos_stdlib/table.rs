//! `0x1::table`: `new_table_handle`, `add_box`, `borrow_box`, `borrow_box_mut`, `contains_box`,
//! `remove_box`, `destroy_empty_box`, `drop_unchecked_box`.
//!
//! A table is `Table<K, V> { handle: address }`; its entries live outside the value, keyed by
//! `(handle, BCS(key))`, and hold a `Box<V> { val: V }` (the natives' third type argument).
//! The session's [`TableContext`] keeps every entry it touched in a one-slot container, read
//! from the [`TableResolver`] on first touch, so a reference to an entry is a slot reference
//! exactly like one to a global resource. At the end of the session the entries whose bytes
//! changed become the change set's table writes (create / modify / delete, in
//! `(handle, key)` order); an entry borrowed mutably but left as it was is not written, as for
//! resources.
//!
//! New handles are Aptos's: the first 32 bytes of `SHA3-256(txn_hash || counter)`, `counter`
//! the number of tables this session created before (`u32`, big-endian), `txn_hash` the
//! session's ([`super::TransactionInfo`]).
//!
//! Aborts, as Aptos's natives return them: adding an existing key `ALREADY_EXISTS`
//! (`(100 << 8) + 7` = 0x6407), borrowing or removing a missing one `NOT_FOUND`
//! (`(101 << 8) + 7` = 0x6507). `destroy_empty_box` does not check emptiness (the Move side
//! does, in `table_with_length`).
//!
//! Gas (Aptos `table.*`): new handle 3,676; add / borrow / contains / remove / destroy-empty
//! 4,411 + 36 per key byte; drop-unchecked 367; every entry access also 302,385
//! (`common.load.base`), plus, the first time the session reads an entry from storage,
//! 302,385 + 151 per byte loaded, rounded up to 4 KiB pages (nothing per byte if absent).

use std::collections::{BTreeMap, btree_map};

use lumio_move_core_types::{AccountAddress, MoveTypeLayout, StatusCode};
use sha3::Digest as _;

use super::{TransactionInfo, cost, extension, ret};
use crate::{
    data_cache::{EmptyResources, TableResolver, WriteOp, write_op},
    errors::{PartialVMError, PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::{Container, Ref, Value, container, read, write},
};

const ALREADY_EXISTS: u64 = (100 << 8) + 7;
const NOT_FOUND: u64 = (101 << 8) + 7;

const COMMON_LOAD_BASE_LEGACY: u64 = 302_385;
const COMMON_LOAD_BASE_NEW: u64 = 302_385;
const COMMON_LOAD_PER_BYTE: u64 = 151;
const COMMON_LOAD_FAILURE: u64 = 0;
const NEW_TABLE_HANDLE_BASE: u64 = 3_676;
/// `add_box`, `borrow_box`, `contains_box`, `remove_box`, `destroy_empty_box` bases.
const BOX_BASE: u64 = 4_411;
const BOX_PER_BYTE_SERIALIZED: u64 = 36;
const DROP_UNCHECKED_BOX_BASE: u64 = 367;
/// Bytes loaded are charged in whole pages (Aptos, gas feature version 12 on).
const PAGE_SIZE: u64 = 4096;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "table", "new_table_handle", new_table_handle);
    t.add(at, "table", "add_box", add_box);
    t.add(at, "table", "borrow_box", borrow_box);
    t.add(at, "table", "borrow_box_mut", borrow_box_mut);
    t.add(at, "table", "contains_box", contains_box);
    t.add(at, "table", "remove_box", remove_box);
    t.add(at, "table", "destroy_empty_box", destroy_empty_box);
    t.add(at, "table", "drop_unchecked_box", drop_unchecked_box);
}

/// The tables a session touched (a native extension, dropped with a failed session).
pub(crate) struct TableContext {
    resolver: Box<dyn TableResolver>,
    /// Tables created so far (the counter handles derive from).
    created: u32,
    tables: BTreeMap<AccountAddress, Table>,
}

impl Default for TableContext {
    fn default() -> Self {
        Self::new(Box::new(EmptyResources))
    }
}

struct Table {
    /// Layout of the stored `Box<V>`.
    value_layout: MoveTypeLayout,
    entries: BTreeMap<Vec<u8>, Entry>,
}

struct Entry {
    /// One cell: the `Box<V>`, or `Invalid` when absent.
    cell: Container,
    /// The bytes in storage when first read.
    original: Option<Vec<u8>>,
    /// Whether the session may have changed it.
    touched: bool,
}

impl Entry {
    fn exists(&self) -> PartialVMResult<bool> {
        Ok(!matches!(
            read(&self.cell)?.first(),
            Some(Value::Invalid) | None
        ))
    }
}

/// What reaching an entry read from storage: nothing (already in the session), an absent
/// entry, or that many bytes.
type Loaded = Option<Option<u64>>;

impl TableContext {
    /// Tables whose untouched entries are read from `resolver`.
    pub(crate) fn new(resolver: Box<dyn TableResolver>) -> Self {
        TableContext {
            resolver,
            created: 0,
            tables: BTreeMap::new(),
        }
    }

    /// The entry `key` of table `handle`, read from storage on first touch. `layout` (of the
    /// `Box<V>`) is needed only the first time the session sees the table.
    fn entry(
        &mut self,
        handle: AccountAddress,
        layout: Option<MoveTypeLayout>,
        key: Vec<u8>,
    ) -> PartialVMResult<(&mut Entry, Loaded)> {
        let table = match self.tables.entry(handle) {
            btree_map::Entry::Occupied(e) => e.into_mut(),
            btree_map::Entry::Vacant(e) => e.insert(Table {
                value_layout: layout.ok_or_else(|| invariant("table layout not computed"))?,
                entries: BTreeMap::new(),
            }),
        };
        match table.entries.entry(key) {
            btree_map::Entry::Occupied(e) => Ok((e.into_mut(), None)),
            btree_map::Entry::Vacant(e) => {
                let original = self.resolver.table_entry(&handle, e.key());
                let value = match &original {
                    Some(bytes) => {
                        Value::deserialize(bytes, &table.value_layout).map_err(|err| {
                            PartialVMError::new(StatusCode::VM_EXTENSION_ERROR).with_message(
                                format!(
                                    "cannot deserialize entry of table {}: {err}",
                                    handle.to_hex_literal()
                                ),
                            )
                        })?
                    }
                    None => Value::Invalid,
                };
                let loaded = Some(original.as_ref().map(|b| b.len() as u64));
                let entry = e.insert(Entry {
                    cell: container(vec![value]),
                    original,
                    touched: false,
                });
                Ok((entry, loaded))
            }
        }
    }

    /// The `u128` stored as item `key` of table `handle` (an aggregator v1 value, which Aptos
    /// keeps as a table item of the factory's table), read from storage on first touch;
    /// `None` if absent.
    pub(crate) fn u128_item(
        &mut self,
        handle: AccountAddress,
        key: Vec<u8>,
    ) -> PartialVMResult<Option<u128>> {
        let (entry, _) = self.entry(handle, Some(u128_box_layout()), key)?;
        let cell = read(&entry.cell)?;
        match cell.first() {
            Some(Value::Invalid) | None => Ok(None),
            Some(Value::Struct(c)) => match read(c)?.first() {
                Some(Value::U128(x)) => Ok(Some(*x)),
                other => Err(invariant(format!("u128 table item holds {other:?}"))),
            },
            Some(other) => Err(invariant(format!("u128 table item holds {other:?}"))),
        }
    }

    /// Sets (or, with `None`, removes) the `u128` item `key` of table `handle`.
    pub(crate) fn set_u128_item(
        &mut self,
        handle: AccountAddress,
        key: Vec<u8>,
        value: Option<u128>,
    ) -> PartialVMResult<()> {
        let (entry, _) = self.entry(handle, Some(u128_box_layout()), key)?;
        let mut cell = write(&entry.cell)?;
        *cell
            .first_mut()
            .ok_or_else(|| invariant("empty table cell"))? = match value {
            // Stored as the table's `Box<u128>`, whose BCS is the u128's.
            Some(x) => Value::struct_(vec![Value::U128(x)]),
            None => Value::Invalid,
        };
        entry.touched = true;
        Ok(())
    }

    /// The entry writes, by `(handle, key)`; with `prior_sizes`, also the size storage held of
    /// each modified or deleted entry.
    pub(crate) fn into_changes(
        self,
        mut prior_sizes: Option<&mut BTreeMap<(AccountAddress, Vec<u8>), u64>>,
    ) -> PartialVMResult<BTreeMap<(AccountAddress, Vec<u8>), WriteOp>> {
        let mut out = BTreeMap::new();
        for (handle, table) in self.tables {
            for (key, e) in table.entries {
                if !e.touched {
                    continue;
                }
                let now = match read(&e.cell)?.first() {
                    Some(Value::Invalid) | None => None,
                    Some(v) => Some(v.serialize()?),
                };
                let prior = e.original.as_ref().map(|b| b.len() as u64);
                if let Some(op) = write_op(e.original, now) {
                    if let (Some(sizes), Some(n)) = (prior_sizes.as_deref_mut(), prior) {
                        sizes.insert((handle, key.clone()), n);
                    }
                    out.insert((handle, key), op);
                }
            }
        }
        Ok(out)
    }
}

/// Layout of a `Box<u128>` table value (BCS identical to a bare `u128`).
fn u128_box_layout() -> MoveTypeLayout {
    MoveTypeLayout::Struct(lumio_move_core_types::MoveStructLayout::Runtime(vec![
        MoveTypeLayout::U128,
    ]))
}

/// Gas for reaching an entry (Aptos `charge_load_cost`).
fn load_cost(loaded: Loaded) -> u64 {
    let first_read = match loaded {
        None => 0,
        Some(None) => COMMON_LOAD_BASE_NEW.saturating_add(COMMON_LOAD_FAILURE),
        Some(Some(n)) => {
            let pages = n.div_ceil(PAGE_SIZE).saturating_mul(PAGE_SIZE);
            COMMON_LOAD_BASE_NEW.saturating_add(COMMON_LOAD_PER_BYTE.saturating_mul(pages))
        }
    };
    COMMON_LOAD_BASE_LEGACY.saturating_add(first_read)
}

/// The `handle` field of the `Table` a reference points to.
fn handle_of(table: Value) -> PartialVMResult<AccountAddress> {
    table.into_ref()?.borrow_part(0)?.read()?.as_address()
}

/// Runs `f` on the entry `key` of the table `table` points to, charging as Aptos does: the
/// base first, the key bytes and the load after the work.
fn with_entry<R>(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    table: Value,
    key: &Value,
    f: impl FnOnce(&mut Entry) -> PartialVMResult<R>,
) -> PartialVMResult<R> {
    let [_, _, box_ty] = tys else {
        return Err(invariant("table natives take three type arguments"));
    };
    cx.charge(BOX_BASE)?;
    let handle = handle_of(table)?;
    let key = key.serialize()?;
    let key_len = key.len();
    let known = extension::<TableContext>(cx)?.tables.contains_key(&handle);
    let layout = if known {
        None
    } else {
        Some(cx.layout(box_ty)?)
    };
    let (entry, loaded) = extension::<TableContext>(cx)?.entry(handle, layout, key)?;
    let r = f(entry)?;
    cx.charge(cost(0, BOX_PER_BYTE_SERIALIZED, key_len))?;
    cx.charge(load_cost(loaded))?;
    Ok(r)
}

fn outcome<T>(
    r: Result<T, u64>,
    ok: impl FnOnce(T) -> Vec<Value>,
) -> PartialVMResult<NativeResult> {
    Ok(match r {
        Ok(v) => NativeResult::Return(ok(v)),
        Err(code) => NativeResult::Abort(code),
    })
}

/// `new_table_handle<K, V>(): address`.
fn new_table_handle(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(NEW_TABLE_HANDLE_BASE)?;
    let txn_hash = extension::<TransactionInfo>(cx)?.txn_hash;
    let tables = extension::<TableContext>(cx)?;
    let mut h = sha3::Sha3_256::new();
    h.update(txn_hash);
    h.update(tables.created.to_be_bytes());
    let digest: [u8; 32] = h.finalize().into();
    tables.created = tables
        .created
        .checked_add(1)
        .ok_or_else(|| invariant("too many tables in one session"))?;
    ret(Value::Address(AccountAddress::from(digest)))
}

/// `add_box<K, V, B>(table: &mut Table<K, V>, key: K, val: Box<V>)`.
fn add_box(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [table, key, val] = args(a)?;
    let r = with_entry(cx, tys, table, &key, |e| {
        if e.exists()? {
            return Ok(Err(ALREADY_EXISTS));
        }
        let mut cell = write(&e.cell)?;
        *cell
            .first_mut()
            .ok_or_else(|| invariant("empty table cell"))? = val;
        e.touched = true;
        Ok(Ok(()))
    })?;
    outcome(r, |()| vec![])
}

fn borrow(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
    mutable: bool,
) -> PartialVMResult<NativeResult> {
    let [table, key] = args(a)?;
    let r = with_entry(cx, tys, table, &key, |e| {
        if !e.exists()? {
            return Ok(Err(NOT_FOUND));
        }
        e.touched |= mutable;
        Ok(Ok(Ref::new(e.cell.clone(), 0)))
    })?;
    outcome(r, |r| vec![Value::Ref(r)])
}

/// `borrow_box<K, V, B>(table: &Table<K, V>, key: K): &Box<V>`.
fn borrow_box(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    borrow(cx, tys, a, false)
}

/// `borrow_box_mut<K, V, B>(table: &mut Table<K, V>, key: K): &mut Box<V>`.
fn borrow_box_mut(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    borrow(cx, tys, a, true)
}

/// `contains_box<K, V, B>(table: &Table<K, V>, key: K): bool`.
fn contains_box(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [table, key] = args(a)?;
    let exists = with_entry(cx, tys, table, &key, |e| e.exists())?;
    ret(Value::Bool(exists))
}

/// `remove_box<K, V, B>(table: &mut Table<K, V>, key: K): Box<V>`.
fn remove_box(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [table, key] = args(a)?;
    let r = with_entry(cx, tys, table, &key, |e| {
        if !e.exists()? {
            return Ok(Err(NOT_FOUND));
        }
        let mut cell = write(&e.cell)?;
        let slot = cell
            .first_mut()
            .ok_or_else(|| invariant("empty table cell"))?;
        e.touched = true;
        Ok(Ok(std::mem::replace(slot, Value::Invalid)))
    })?;
    outcome(r, |v| vec![v])
}

/// `destroy_empty_box<K, V, B>(table: &Table<K, V>)`.
fn destroy_empty_box(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [_table] = args(a)?;
    cx.charge(BOX_BASE)?;
    Ok(NativeResult::Return(vec![]))
}

/// `drop_unchecked_box<K, V, B>(table: Table<K, V>)`.
fn drop_unchecked_box(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [_table] = args(a)?;
    cx.charge(DROP_UNCHECKED_BOX_BASE)?;
    Ok(NativeResult::Return(vec![]))
}
