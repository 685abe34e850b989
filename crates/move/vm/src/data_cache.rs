//! Global storage seen by one session: resources read from a [`ResourceResolver`] on first
//! touch, changed in place, and turned into a [`ChangeSet`] at the end. Nothing is written
//! anywhere until the caller applies the change set, so a failed session changes nothing.

use std::collections::BTreeMap;

use lumio_move_core_types::{AccountAddress, MoveTypeLayout, StatusCode, StructTag};

use crate::{
    errors::{PartialVMError, PartialVMResult, invariant},
    values::{Container, Ref, Value, container, read, write},
};

/// Where resources are read from. An implementation may record what is read (the reads of a
/// transaction are what a parallel executor validates).
pub trait ResourceResolver {
    /// The BCS bytes of resource `tag` at `addr`, `None` if it does not exist.
    fn resource_bytes(&self, addr: &AccountAddress, tag: &StructTag) -> Option<Vec<u8>>;
}

/// A resolver with no resources.
#[derive(Clone, Copy, Debug, Default)]
pub struct EmptyResources;

impl ResourceResolver for EmptyResources {
    fn resource_bytes(&self, _: &AccountAddress, _: &StructTag) -> Option<Vec<u8>> {
        None
    }
}

/// Where entries of `0x1::table` tables are read from: the BCS bytes of the value stored under
/// `key` (the BCS bytes of the Move key) in the table with `handle`, `None` if absent. Like
/// [`ResourceResolver`], an implementation may record what is read.
pub trait TableResolver {
    /// The entry `key` of table `handle`.
    fn table_entry(&self, handle: &AccountAddress, key: &[u8]) -> Option<Vec<u8>>;
}

impl TableResolver for EmptyResources {
    fn table_entry(&self, _: &AccountAddress, _: &[u8]) -> Option<Vec<u8>> {
        None
    }
}

impl<T: TableResolver + ?Sized> TableResolver for std::rc::Rc<T> {
    fn table_entry(&self, handle: &AccountAddress, key: &[u8]) -> Option<Vec<u8>> {
        (**self).table_entry(handle, key)
    }
}

impl<T: TableResolver + ?Sized> TableResolver for std::sync::Arc<T> {
    fn table_entry(&self, handle: &AccountAddress, key: &[u8]) -> Option<Vec<u8>> {
        (**self).table_entry(handle, key)
    }
}

/// One write of a change set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOp {
    /// A resource that did not exist.
    Creation(Vec<u8>),
    /// A resource that existed, with its new bytes.
    Modification(Vec<u8>),
    /// A resource that existed and is gone.
    Deletion,
}

/// What a successful session changed, in a deterministic order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Resource writes by (address, type).
    pub resources: BTreeMap<(AccountAddress, StructTag), WriteOp>,
    /// Table entry writes by (table handle, BCS bytes of the key).
    pub tables: BTreeMap<(AccountAddress, Vec<u8>), WriteOp>,
    /// Published modules (bytes as given). A loader that cached the old versions must be
    /// [flushed](crate::Loader::flush) once the change set is applied.
    pub modules: BTreeMap<lumio_move_core_types::ModuleId, WriteOp>,
    /// Events emitted, in emission order.
    pub events: Vec<Event>,
}

/// An event emitted by `0x1::event` (Aptos's `ContractEvent`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// For a v1 (handle) event, the handle's GUID bytes and the event's sequence number in it;
    /// `None` for a v2 (module) event.
    pub v1: Option<(Vec<u8>, u64)>,
    /// The type of the message.
    pub type_tag: lumio_move_core_types::TypeTag,
    /// The message, BCS.
    pub data: Vec<u8>,
}

/// The write that takes a storage slot from `original` to `now` (`None` = absent), if any:
/// a value left byte-for-byte as it was is not written.
pub(crate) fn write_op(original: Option<Vec<u8>>, now: Option<Vec<u8>>) -> Option<WriteOp> {
    match (original, now) {
        (None, None) => None,
        (None, Some(b)) => Some(WriteOp::Creation(b)),
        (Some(_), None) => Some(WriteOp::Deletion),
        (Some(old), Some(new)) if old == new => None,
        (Some(_), Some(new)) => Some(WriteOp::Modification(new)),
    }
}

struct Slot {
    /// One cell: the resource, or `Invalid` when absent.
    cell: Container,
    /// The bytes in storage when first read.
    original: Option<Vec<u8>>,
    /// Whether the session may have changed it (mutable borrow, move_from, move_to).
    touched: bool,
}

/// The session's view of global storage.
#[derive(Default)]
pub struct DataCache {
    slots: BTreeMap<(AccountAddress, StructTag), Slot>,
}

impl std::fmt::Debug for DataCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataCache")
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl DataCache {
    /// The slot of `(addr, tag)`, read from `resolver` on first touch; `on_load` is told what
    /// that read found (`Some(bytes)` or `None` if absent) before the value is decoded and
    /// kept, so a failing charge leaves the slot unread.
    fn slot(
        &mut self,
        resolver: &dyn ResourceResolver,
        addr: AccountAddress,
        tag: &StructTag,
        layout: impl FnOnce() -> PartialVMResult<MoveTypeLayout>,
        on_load: impl FnOnce(Option<u64>) -> PartialVMResult<()>,
    ) -> PartialVMResult<&mut Slot> {
        match self.slots.entry((addr, tag.clone())) {
            std::collections::btree_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::btree_map::Entry::Vacant(e) => {
                let original = resolver.resource_bytes(&addr, tag);
                on_load(original.as_ref().map(|b| b.len() as u64))?;
                let value = match &original {
                    Some(bytes) => Value::deserialize(bytes, &layout()?).map_err(|err| {
                        PartialVMError::new(StatusCode::FAILED_TO_DESERIALIZE_RESOURCE)
                            .with_message(format!("resource {tag} at {addr}: {err}"))
                    })?,
                    None => Value::Invalid,
                };
                Ok(e.insert(Slot {
                    cell: container(vec![value]),
                    original,
                    touched: false,
                }))
            }
        }
    }

    /// `exists<T>(addr)`. Like the other global operations, it reads the slot from storage the
    /// first time the session touches it and reports that read to `on_load` (where the
    /// interpreter charges its IO gas).
    pub fn exists(
        &mut self,
        resolver: &dyn ResourceResolver,
        addr: AccountAddress,
        tag: &StructTag,
        layout: impl FnOnce() -> PartialVMResult<MoveTypeLayout>,
        on_load: impl FnOnce(Option<u64>) -> PartialVMResult<()>,
    ) -> PartialVMResult<bool> {
        let slot = self.slot(resolver, addr, tag, layout, on_load)?;
        Ok(!matches!(
            read(&slot.cell)?.first(),
            Some(Value::Invalid) | None
        ))
    }

    /// `borrow_global[_mut]<T>(addr)`: a reference to the resource, `MISSING_DATA` if absent.
    pub fn borrow(
        &mut self,
        resolver: &dyn ResourceResolver,
        addr: AccountAddress,
        tag: &StructTag,
        mutable: bool,
        layout: impl FnOnce() -> PartialVMResult<MoveTypeLayout>,
        on_load: impl FnOnce(Option<u64>) -> PartialVMResult<()>,
    ) -> PartialVMResult<Ref> {
        let slot = self.slot(resolver, addr, tag, layout, on_load)?;
        if matches!(read(&slot.cell)?.first(), Some(Value::Invalid) | None) {
            return Err(missing(tag, addr));
        }
        slot.touched |= mutable;
        Ok(Ref::new(slot.cell.clone(), 0))
    }

    /// `move_from<T>(addr)`: takes the resource out, `MISSING_DATA` if absent.
    pub fn move_from(
        &mut self,
        resolver: &dyn ResourceResolver,
        addr: AccountAddress,
        tag: &StructTag,
        layout: impl FnOnce() -> PartialVMResult<MoveTypeLayout>,
        on_load: impl FnOnce(Option<u64>) -> PartialVMResult<()>,
    ) -> PartialVMResult<Value> {
        let slot = self.slot(resolver, addr, tag, layout, on_load)?;
        let mut cell = write(&slot.cell)?;
        let v = std::mem::replace(
            cell.first_mut().ok_or_else(|| invariant("empty cell"))?,
            Value::Invalid,
        );
        if matches!(v, Value::Invalid) {
            return Err(missing(tag, addr));
        }
        slot.touched = true;
        Ok(v)
    }

    /// `move_to<T>(signer, v)`: `RESOURCE_ALREADY_EXISTS` if present.
    pub fn move_to(
        &mut self,
        resolver: &dyn ResourceResolver,
        addr: AccountAddress,
        tag: &StructTag,
        value: Value,
        layout: impl FnOnce() -> PartialVMResult<MoveTypeLayout>,
        on_load: impl FnOnce(Option<u64>) -> PartialVMResult<()>,
    ) -> PartialVMResult<()> {
        let slot = self.slot(resolver, addr, tag, layout, on_load)?;
        let mut cell = write(&slot.cell)?;
        let c = cell.first_mut().ok_or_else(|| invariant("empty cell"))?;
        if !matches!(c, Value::Invalid) {
            return Err(PartialVMError::new(StatusCode::RESOURCE_ALREADY_EXISTS)
                .with_message(format!("{tag} already exists at {addr}")));
        }
        *c = value;
        slot.touched = true;
        Ok(())
    }

    /// The writes: every touched resource whose bytes differ from storage's. A resource
    /// mutably borrowed but left as it was is not written.
    pub fn into_change_set(self) -> PartialVMResult<ChangeSet> {
        self.into_change_set_with_sizes(None)
    }

    /// [`into_change_set`](Self::into_change_set), also recording in `prior_sizes` the size
    /// storage held of each modified or deleted resource.
    pub(crate) fn into_change_set_with_sizes(
        self,
        mut prior_sizes: Option<&mut BTreeMap<(AccountAddress, StructTag), u64>>,
    ) -> PartialVMResult<ChangeSet> {
        let mut resources = BTreeMap::new();
        for (key, slot) in self.slots {
            if !slot.touched {
                continue;
            }
            let now = match read(&slot.cell)?.first() {
                Some(Value::Invalid) | None => None,
                Some(v) => Some(v.serialize()?),
            };
            let prior = slot.original.as_ref().map(|b| b.len() as u64);
            if let Some(op) = write_op(slot.original, now) {
                if let (Some(sizes), Some(n)) = (prior_sizes.as_deref_mut(), prior) {
                    sizes.insert(key.clone(), n);
                }
                resources.insert(key, op);
            }
        }
        Ok(ChangeSet {
            resources,
            tables: BTreeMap::new(),
            modules: BTreeMap::new(),
            events: Vec::new(),
        })
    }
}

fn missing(tag: &StructTag, addr: AccountAddress) -> PartialVMError {
    PartialVMError::new(StatusCode::MISSING_DATA)
        .with_message(format!("no {tag} at {}", addr.to_hex_literal()))
}
