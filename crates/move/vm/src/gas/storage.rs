//! Storage gas and fees, Aptos's way: IO gas for reading and writing state, the storage fee
//! (octas, for the long-term cost of the bytes kept) and its refund, the per-transaction caps
//! of each category, and the fee statement a transaction reports.
//!
//! [`TransactionGasParameters`] holds Aptos's `txn.*` parameters of that kind under their
//! names, with the values of aptos-core's `aptos-gas-schedule/src/gas_schedule/transaction.rs`
//! of gas feature version 16 on (late 2024; see `docs/vm.md` for the source and what changed
//! from the older figures). The formulas are Aptos's `IoPricingV4` (gas feature version 12 on)
//! and `DiskSpacePricing::V2` (refundable bytes):
//!
//! - a state slot read from storage the first time in a session:
//!   `storage_io_per_state_slot_read` plus `storage_io_per_state_byte_read` × the bytes read
//!   rounded up to whole 4 KiB pages (an absent slot reads 0 bytes: the slot part only);
//! - each write (creation, modification, deletion): `storage_io_per_state_slot_write` +
//!   `storage_io_per_state_byte_write` × (key size + value size; 0 for a deletion);
//! - each event: `storage_io_per_event_byte_write` × its size;
//! - storage fee: a new slot `storage_fee_per_state_slot` + `storage_fee_per_state_byte` ×
//!   (key size + value size); a modification that grows a slot pays the new bytes; deleting a
//!   slot refunds its deposit. Events and transaction bytes pay no storage fee under V2.
//!
//! Key sizes are Aptos's `StateKey::size()`: a resource or module is an access path, 32
//! address bytes + the BCS of `Path::Resource(tag)` / `Path::Code(module_id)` (a variant byte
//! and the BCS of the tag or id); a table item is the 32-byte handle + the key bytes.

use lumio_move_core_types::{AccountAddress, ModuleId, StatusCode, StructTag};

use crate::{
    data_cache::{ChangeSet, Event, WriteOp},
    errors::{PartialVMError, PartialVMResult, invariant},
};

/// Aptos reads storage in pages of this many bytes (`IoPricingV4`).
pub const PAGE_SIZE: u64 = 4096;

/// Aptos's transaction gas parameters that concern storage and the per-transaction caps
/// (`txn.*`, internal gas units unless the name says octas). `Default` is the chosen Aptos
/// version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionGasParameters {
    /// Internal gas units per external gas unit (`gas_unit_scaling_factor`).
    pub gas_unit_scaling_factor: u64,
    /// IO gas per state slot read from storage.
    pub storage_io_per_state_slot_read: u64,
    /// IO gas per byte read, charged in whole [`PAGE_SIZE`] pages.
    pub storage_io_per_state_byte_read: u64,
    /// IO gas per state slot written (created, modified or deleted).
    pub storage_io_per_state_slot_write: u64,
    /// IO gas per byte written (key and value).
    pub storage_io_per_state_byte_write: u64,
    /// IO gas per event byte.
    pub storage_io_per_event_byte_write: u64,
    /// IO gas per byte of the transaction itself (charged by the executor, which knows it).
    pub storage_io_per_transaction_byte_write: u64,
    /// Storage fee per new state slot, octas (refunded on deletion).
    pub storage_fee_per_state_slot: u64,
    /// Storage fee per state byte (key and value), octas (refunded on deletion).
    pub storage_fee_per_state_byte: u64,
    /// Cap on the execution gas of one transaction (`EXECUTION_LIMIT_REACHED`).
    pub max_execution_gas: u64,
    /// Cap on the IO gas of one transaction (`IO_LIMIT_REACHED`).
    pub max_io_gas: u64,
    /// Cap on the storage fee of one transaction, octas (`STORAGE_LIMIT_REACHED`).
    pub max_storage_fee: u64,
    /// Largest write (key + value bytes) a transaction may make (`STORAGE_WRITE_LIMIT_REACHED`).
    pub max_bytes_per_write_op: u64,
    /// Largest sum of the writes' key + value bytes of one transaction.
    pub max_bytes_all_write_ops_per_transaction: u64,
    /// Largest event data a transaction may emit.
    pub max_bytes_per_event: u64,
    /// Largest sum of the events' data bytes of one transaction.
    pub max_bytes_all_events_per_transaction: u64,
    /// Most writes (creations, modifications, deletions) one transaction may make.
    pub max_write_ops_per_transaction: u64,
}

impl Default for TransactionGasParameters {
    fn default() -> Self {
        TransactionGasParameters {
            gas_unit_scaling_factor: 1_000_000,
            storage_io_per_state_slot_read: 302_385,
            storage_io_per_state_byte_read: 151,
            storage_io_per_state_slot_write: 89_568,
            storage_io_per_state_byte_write: 89,
            storage_io_per_event_byte_write: 89,
            storage_io_per_transaction_byte_write: 89,
            storage_fee_per_state_slot: 40_000,
            storage_fee_per_state_byte: 40,
            max_execution_gas: 920_000_000,
            max_io_gas: 1_000_000_000,
            max_storage_fee: 200_000_000,
            max_bytes_per_write_op: 1 << 20,
            max_bytes_all_write_ops_per_transaction: 10 << 20,
            max_bytes_per_event: 1 << 20,
            max_bytes_all_events_per_transaction: 10 << 20,
            max_write_ops_per_transaction: 8_192,
        }
    }
}

/// A state slot a write goes to, as Aptos keys it.
#[derive(Clone, Copy, Debug)]
pub enum StateKeyRef<'a> {
    /// Resource `tag` at an address.
    Resource(&'a AccountAddress, &'a StructTag),
    /// Item `key` (BCS of the Move key) of table `handle`.
    TableItem(&'a AccountAddress, &'a [u8]),
    /// A module's code.
    Module(&'a ModuleId),
}

impl StateKeyRef<'_> {
    /// Aptos's `StateKey::size()`.
    pub fn size(&self) -> PartialVMResult<u64> {
        let n = match self {
            StateKeyRef::Resource(_, tag) => {
                AccountAddress::LENGTH + 1 + bcs_size(*tag, "resource type")?
            }
            StateKeyRef::Module(id) => AccountAddress::LENGTH + 1 + bcs_size(*id, "module id")?,
            StateKeyRef::TableItem(_, key) => AccountAddress::LENGTH + key.len(),
        };
        Ok(n as u64)
    }
}

fn bcs_size<T: serde::Serialize + ?Sized>(v: &T, what: &str) -> PartialVMResult<usize> {
    bcs::serialized_size(v).map_err(|e| invariant(format!("size of {what}: {e}")))
}

/// Aptos's `ContractEvent::size()`: the type tag's BCS and the data, and for a v1 event its
/// key (the GUID bytes) and sequence number (8).
pub fn event_size(e: &Event) -> PartialVMResult<u64> {
    let key = e.v1.as_ref().map_or(0, |(guid, _)| guid.len() + 8);
    Ok((key + bcs_size(&e.type_tag, "event type")? + e.data.len()) as u64)
}

fn write_limit(message: String) -> PartialVMError {
    PartialVMError::new(StatusCode::STORAGE_WRITE_LIMIT_REACHED).with_message(message)
}

/// Adds an item of `size` bytes to `total`, the item at most `one` bytes and the total at most
/// `all` (`STORAGE_WRITE_LIMIT_REACHED` otherwise).
fn add_within(total: &mut u64, size: u64, one: u64, all: u64, what: &str) -> PartialVMResult<()> {
    if size > one {
        return Err(write_limit(format!(
            "a {what} of {size} bytes (at most {one})"
        )));
    }
    *total = total.saturating_add(size);
    if *total > all {
        return Err(write_limit(format!(
            "{what}s of more than {all} bytes in all"
        )));
    }
    Ok(())
}

/// The value bytes a write leaves (0 for a deletion).
fn value_len(op: &WriteOp) -> u64 {
    match op {
        WriteOp::Creation(b) | WriteOp::Modification(b) => b.len() as u64,
        WriteOp::Deletion => 0,
    }
}

/// The storage fee of a change set and the refunds of its deletions, octas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StorageFee {
    /// Charged for new slots and bytes (`storage_fee_octas` of the fee statement).
    pub storage_fee_octas: u64,
    /// Refunded for deleted slots (`storage_fee_refund_octas`).
    pub storage_fee_refund_octas: u64,
}

impl TransactionGasParameters {
    /// IO gas for reading a slot from storage the first time: `Some(bytes)` if it exists.
    pub fn read_gas(&self, loaded: Option<u64>) -> u64 {
        let bytes = loaded.unwrap_or(0);
        let pages = bytes.div_ceil(PAGE_SIZE).saturating_mul(PAGE_SIZE);
        self.storage_io_per_state_slot_read
            .saturating_add(self.storage_io_per_state_byte_read.saturating_mul(pages))
    }

    /// IO gas for one write of `value_len` bytes (0 for a deletion) under a key of `key_size`.
    pub fn write_gas(&self, key_size: u64, value_len: u64) -> u64 {
        self.storage_io_per_state_slot_write.saturating_add(
            self.storage_io_per_state_byte_write
                .saturating_mul(key_size.saturating_add(value_len)),
        )
    }

    /// IO gas for an event of `size` bytes ([`event_size`]).
    pub fn event_gas(&self, size: u64) -> u64 {
        self.storage_io_per_event_byte_write.saturating_mul(size)
    }

    /// IO gas for storing the transaction itself (`size` bytes).
    pub fn transaction_gas(&self, size: u64) -> u64 {
        self.storage_io_per_transaction_byte_write
            .saturating_mul(size)
    }

    /// Aptos's `ChangeSetConfigs::check_change_set`: at most `max_write_ops_per_transaction`
    /// writes; each write's key + value bytes (deletions count 0) at most
    /// `max_bytes_per_write_op` and their sum at most `max_bytes_all_write_ops_per_transaction`;
    /// each event's data at most `max_bytes_per_event` and their sum at most
    /// `max_bytes_all_events_per_transaction`. A breach is `STORAGE_WRITE_LIMIT_REACHED`.
    pub fn check_change_set(&self, changes: &ChangeSet) -> PartialVMResult<()> {
        let ops = changes.resources.len() + changes.tables.len() + changes.modules.len();
        if ops as u64 > self.max_write_ops_per_transaction {
            return Err(write_limit(format!(
                "too many write ops: {ops} (at most {})",
                self.max_write_ops_per_transaction
            )));
        }
        let (one, all) = (
            self.max_bytes_per_write_op,
            self.max_bytes_all_write_ops_per_transaction,
        );
        let mut total = 0;
        for (key, op) in writes(changes) {
            if !matches!(op, WriteOp::Deletion) {
                let size = key.size()?.saturating_add(value_len(op));
                add_within(&mut total, size, one, all, "write")?;
            }
        }
        let (one, all) = (
            self.max_bytes_per_event,
            self.max_bytes_all_events_per_transaction,
        );
        let mut total = 0;
        for e in &changes.events {
            add_within(&mut total, e.data.len() as u64, one, all, "event")?;
        }
        Ok(())
    }

    /// The IO gas of each write and event of `changes`, in the order they are charged: events
    /// (emission order), then resources, table items and modules (each in key order).
    pub fn io_charges(&self, changes: &ChangeSet) -> PartialVMResult<Vec<u64>> {
        let mut out = Vec::with_capacity(
            changes.events.len()
                + changes.resources.len()
                + changes.tables.len()
                + changes.modules.len(),
        );
        for e in &changes.events {
            out.push(self.event_gas(event_size(e)?));
        }
        for (key, op) in writes(changes) {
            out.push(self.write_gas(key.size()?, value_len(op)));
        }
        Ok(out)
    }

    /// The storage fee of `changes` and the refunds of its deletions, Aptos's
    /// `DiskSpacePricing::V2`. `prior_size(key)` is the size of the value a modified or
    /// deleted slot held before (the bytes the session read; not asked for creations).
    ///
    /// Lumio's state keeps no per-slot deposit (Aptos stores it in the slot's metadata): the
    /// deposit of an existing slot is taken to be what V2 would have charged to create it at
    /// its size before this write and today's prices, `storage_fee_per_state_slot` +
    /// `storage_fee_per_state_byte` × (key + value size). Under that rule a modification pays
    /// `storage_fee_per_state_byte` per byte it grows the slot by (nothing if it shrinks or
    /// keeps it), as in V2, and a deletion refunds the deposit; since a shrink refunds nothing
    /// and a deletion refunds by the last size, nothing is ever refunded that was not paid.
    pub fn storage_fee(
        &self,
        changes: &ChangeSet,
        mut prior_size: impl FnMut(StateKeyRef<'_>) -> u64,
    ) -> PartialVMResult<StorageFee> {
        let mut fee = StorageFee::default();
        let per_byte = self.storage_fee_per_state_byte;
        for (key, op) in writes(changes) {
            let key_size = key.size()?;
            match op {
                WriteOp::Creation(b) => {
                    let bytes = key_size.saturating_add(b.len() as u64);
                    fee.storage_fee_octas = fee.storage_fee_octas.saturating_add(
                        self.storage_fee_per_state_slot
                            .saturating_add(per_byte.saturating_mul(bytes)),
                    );
                }
                WriteOp::Modification(b) => {
                    let growth = (b.len() as u64).saturating_sub(prior_size(key));
                    fee.storage_fee_octas = fee
                        .storage_fee_octas
                        .saturating_add(per_byte.saturating_mul(growth));
                }
                WriteOp::Deletion => {
                    let bytes = key_size.saturating_add(prior_size(key));
                    fee.storage_fee_refund_octas = fee.storage_fee_refund_octas.saturating_add(
                        self.storage_fee_per_state_slot
                            .saturating_add(per_byte.saturating_mul(bytes)),
                    );
                }
            }
        }
        Ok(fee)
    }

    /// The internal gas a storage fee of `octas` costs at `gas_unit_price` octas per external
    /// gas unit: `⌈octas × gas_unit_scaling_factor / gas_unit_price⌉` (Aptos's
    /// `charge_storage_fee`); `None` for a price of 0.
    pub fn storage_fee_gas(&self, octas: u64, gas_unit_price: u64) -> Option<u64> {
        if gas_unit_price == 0 {
            return None;
        }
        let n = u128::from(octas) * u128::from(self.gas_unit_scaling_factor);
        Some(u64::try_from(n.div_ceil(u128::from(gas_unit_price))).unwrap_or(u64::MAX))
    }

    /// Internal gas units to external ones, rounded up (Aptos's `to_unit_round_up`).
    pub fn to_external_round_up(&self, internal: u64) -> u64 {
        internal.div_ceil(self.gas_unit_scaling_factor.max(1))
    }
}

/// The writes of a change set with their keys: resources, table items, modules.
fn writes(changes: &ChangeSet) -> impl Iterator<Item = (StateKeyRef<'_>, &WriteOp)> {
    let resources = changes
        .resources
        .iter()
        .map(|((a, t), op)| (StateKeyRef::Resource(a, t), op));
    let tables = changes
        .tables
        .iter()
        .map(|((h, k), op)| (StateKeyRef::TableItem(h, k), op));
    let modules = changes
        .modules
        .iter()
        .map(|(id, op)| (StateKeyRef::Module(id), op));
    resources.chain(tables).chain(modules)
}

/// What a transaction cost, as Aptos's `0x1::transaction_fee::FeeStatement` event reports it:
/// gas in external units, the storage fee and refund in octas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeeStatement {
    /// All gas charged (execution, IO and the storage fee converted at the gas price),
    /// external units, rounded up.
    pub total_charge_gas_units: u64,
    /// Execution gas, external units, rounded up.
    pub execution_gas_units: u64,
    /// IO gas, external units, rounded up.
    pub io_gas_units: u64,
    /// Storage fee charged, octas.
    pub storage_fee_octas: u64,
    /// Storage fee refunded (deleted slots), octas.
    pub storage_fee_refund_octas: u64,
}

impl FeeStatement {
    /// The statement of a transaction that used `total`, `execution` and `io` internal gas
    /// units (`total` includes the storage fee's gas) and was charged / refunded `fee`.
    pub fn new(
        params: &TransactionGasParameters,
        total: u64,
        execution: u64,
        io: u64,
        fee: StorageFee,
    ) -> Self {
        FeeStatement {
            total_charge_gas_units: params.to_external_round_up(total),
            execution_gas_units: params.to_external_round_up(execution),
            io_gas_units: params.to_external_round_up(io),
            storage_fee_octas: fee.storage_fee_octas,
            storage_fee_refund_octas: fee.storage_fee_refund_octas,
        }
    }
}

/// The per-transaction caps a [`BudgetMeter`](super::BudgetMeter) enforces on top of its
/// budget, with the scaling factor it converts storage fees with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GasLimits {
    /// Execution gas cap (`EXECUTION_LIMIT_REACHED` past it).
    pub max_execution_gas: u64,
    /// IO gas cap (`IO_LIMIT_REACHED` past it).
    pub max_io_gas: u64,
    /// Storage fee cap, octas (`STORAGE_LIMIT_REACHED` past it).
    pub max_storage_fee: u64,
    /// Internal gas units per external one.
    pub gas_unit_scaling_factor: u64,
}

impl GasLimits {
    /// No cap but the budget.
    pub const NONE: GasLimits = GasLimits {
        max_execution_gas: u64::MAX,
        max_io_gas: u64::MAX,
        max_storage_fee: u64::MAX,
        gas_unit_scaling_factor: 1_000_000,
    };

    /// The caps of `params`.
    pub fn of(params: &TransactionGasParameters) -> Self {
        GasLimits {
            max_execution_gas: params.max_execution_gas,
            max_io_gas: params.max_io_gas,
            max_storage_fee: params.max_storage_fee,
            gas_unit_scaling_factor: params.gas_unit_scaling_factor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumio_move_core_types::{Identifier, TypeTag};

    fn tag(name: &str) -> StructTag {
        StructTag {
            address: AccountAddress::ONE,
            module: Identifier::new("m").unwrap(),
            name: Identifier::new(name).unwrap(),
            type_args: vec![],
        }
    }

    #[test]
    fn key_sizes_are_aptos_state_key_sizes() {
        // Resource: address + variant byte + BCS(tag) = 32 + 1 + (32 + 1+1 + 1+1 + 1).
        let t = tag("S");
        assert_eq!(
            StateKeyRef::Resource(&AccountAddress::ONE, &t)
                .size()
                .unwrap(),
            32 + 1 + 32 + 2 + 2 + 1
        );
        // Module: 32 + 1 + (32 + 1+1).
        let id = ModuleId::new(AccountAddress::ONE, Identifier::new("m").unwrap());
        assert_eq!(StateKeyRef::Module(&id).size().unwrap(), 32 + 1 + 32 + 2);
        assert_eq!(
            StateKeyRef::TableItem(&AccountAddress::ONE, &[1, 2, 3])
                .size()
                .unwrap(),
            35
        );
    }

    #[test]
    fn reads_are_charged_in_pages() {
        let p = TransactionGasParameters::default();
        let slot = p.storage_io_per_state_slot_read;
        let byte = p.storage_io_per_state_byte_read;
        assert_eq!(p.read_gas(None), slot);
        assert_eq!(p.read_gas(Some(0)), slot);
        assert_eq!(p.read_gas(Some(1)), slot + byte * 4096);
        assert_eq!(p.read_gas(Some(4096)), slot + byte * 4096);
        assert_eq!(p.read_gas(Some(4097)), slot + byte * 8192);
    }

    #[test]
    fn event_sizes() {
        let v2 = Event {
            v1: None,
            type_tag: TypeTag::U64,
            data: vec![0; 8],
        };
        assert_eq!(event_size(&v2).unwrap(), 1 + 8);
        let v1 = Event {
            v1: Some((vec![0; 40], 3)),
            ..v2
        };
        assert_eq!(event_size(&v1).unwrap(), 40 + 8 + 1 + 8);
    }

    #[test]
    fn storage_fee_charges_creations_and_growth_and_refunds_deletions() {
        let p = TransactionGasParameters::default();
        let (a, b, c, d) = (tag("A"), tag("B"), tag("C"), tag("D"));
        let addr = AccountAddress::ONE;
        let mut cs = ChangeSet::default();
        cs.resources
            .insert((addr, a.clone()), WriteOp::Creation(vec![0; 10]));
        cs.resources
            .insert((addr, b), WriteOp::Modification(vec![0; 30]));
        cs.resources
            .insert((addr, c), WriteOp::Modification(vec![0; 5]));
        cs.resources.insert((addr, d), WriteOp::Deletion);
        let prior = |k: StateKeyRef<'_>| match k {
            StateKeyRef::Resource(_, t) if t.name.as_str() == "B" => 20,
            StateKeyRef::Resource(_, t) if t.name.as_str() == "C" => 50,
            StateKeyRef::Resource(_, t) if t.name.as_str() == "D" => 7,
            other => panic!("prior size of {other:?} asked"),
        };
        let fee = p.storage_fee(&cs, prior).unwrap();
        let key = StateKeyRef::Resource(&addr, &a).size().unwrap();
        let slot = p.storage_fee_per_state_slot;
        let byte = p.storage_fee_per_state_byte;
        assert_eq!(
            fee.storage_fee_octas,
            (slot + byte * (key + 10)) + byte * (30 - 20)
        );
        assert_eq!(fee.storage_fee_refund_octas, slot + byte * (key + 7));
    }

    #[test]
    fn storage_fee_gas_rounds_up_and_skips_a_zero_price() {
        let p = TransactionGasParameters::default();
        assert_eq!(p.storage_fee_gas(40_000, 0), None);
        assert_eq!(p.storage_fee_gas(40_000, 100), Some(400_000_000));
        assert_eq!(p.storage_fee_gas(1, 3), Some(333_334));
        assert_eq!(p.storage_fee_gas(u64::MAX, 1), Some(u64::MAX));
    }
}
