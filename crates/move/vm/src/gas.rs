//! Gas: a meter the interpreter and the natives charge, in Aptos's internal gas units.
//!
//! [`GasSchedule`] holds per-instruction costs (the values of Aptos's execution schedule,
//! `aptos-gas-schedule/src/gas_schedule/instr.rs`, in the version our reference cites: see
//! `docs/vm.md`) and, in [`GasSchedule::txn`], the storage gas parameters and per-transaction
//! caps ([`storage`]); [`GasMeter`] is what the VM charges, in two categories as Aptos counts
//! them: execution (instructions, natives) and IO (storage reads and writes), plus the storage
//! fee. Running out of the budget is `OUT_OF_GAS`; going past a category's cap is
//! `EXECUTION_LIMIT_REACHED` / `IO_LIMIT_REACHED` / `STORAGE_LIMIT_REACHED`.

pub mod storage;

use lumio_move_binary_format::file_format::Bytecode;
use lumio_move_core_types::StatusCode;

use crate::errors::{PartialVMError, PartialVMResult};
pub use storage::{FeeStatement, GasLimits, StorageFee, TransactionGasParameters};

/// What the VM charges.
pub trait GasMeter {
    /// Charges `units` of internal execution gas (instructions, natives); `OUT_OF_GAS` if the
    /// balance does not cover them.
    fn charge(&mut self, units: u64) -> PartialVMResult<()>;
    /// Charges `units` of internal IO gas (reading and writing storage).
    fn charge_io(&mut self, units: u64) -> PartialVMResult<()>;
    /// Charges a storage fee of `octas`, which costs `gas` internal gas units at the
    /// transaction's gas price ([`TransactionGasParameters::storage_fee_gas`]).
    fn charge_storage_fee(&mut self, octas: u64, gas: u64) -> PartialVMResult<()>;
    /// Gas left.
    fn balance(&self) -> u64;
}

/// A meter with a fixed budget, counting execution gas, IO gas and the storage fee apart,
/// each under its cap ([`GasLimits`]; none by default), as Aptos's `StandardGasAlgebra`: the
/// budget is checked first (`OUT_OF_GAS`, the balance then 0 and the failed charge not
/// counted in its category), then the category's cap.
///
/// Execution charges (one per instruction) take a fast path: `fuel` is what can still be
/// charged as execution gas before either the budget or the execution cap is reached, and a
/// charge within it only lowers it. The balance and the execution count are brought up to
/// date (`sync`) when a charge does not fit, before any other kind of charge, and when read.
#[derive(Clone, Debug)]
pub struct BudgetMeter {
    /// Execution gas that can still be charged before the budget or the cap: its value at the
    /// last sync minus what was charged since.
    fuel: u64,
    /// `fuel` at the last sync.
    fuel_synced: u64,
    /// Balance at the last sync.
    balance: u64,
    budget: u64,
    /// Execution gas at the last sync.
    execution: u64,
    io: u64,
    storage_fee_gas: u64,
    storage_fee_octas: u64,
    limits: GasLimits,
}

impl BudgetMeter {
    /// A meter with `budget` internal gas units and no cap per category.
    pub fn new(budget: u64) -> Self {
        Self::with_limits(budget, GasLimits::NONE)
    }

    /// A meter with `budget` internal gas units and the caps `limits`.
    pub fn with_limits(budget: u64, limits: GasLimits) -> Self {
        let mut m = BudgetMeter {
            fuel: 0,
            fuel_synced: 0,
            balance: budget,
            budget,
            execution: 0,
            io: 0,
            storage_fee_gas: 0,
            storage_fee_octas: 0,
            limits,
        };
        m.refuel();
        m
    }

    /// A transaction's meter: `max_gas_amount` external gas units (scaled by
    /// `gas_unit_scaling_factor`) under the caps of `params`.
    pub fn for_transaction(max_gas_amount: u64, params: &TransactionGasParameters) -> Self {
        Self::with_limits(
            max_gas_amount.saturating_mul(params.gas_unit_scaling_factor),
            GasLimits::of(params),
        )
    }

    /// Execution gas charged since the last sync.
    #[inline]
    fn pending(&self) -> u64 {
        self.fuel_synced - self.fuel
    }

    /// Moves the execution gas charged since the last sync into the balance and the count.
    fn sync(&mut self) {
        let p = self.pending();
        self.balance -= p;
        self.execution += p;
        self.fuel_synced = self.fuel;
    }

    /// Recomputes the fuel from the balance and the execution cap (after a sync).
    fn refuel(&mut self) {
        let allowed = self.limits.max_execution_gas.saturating_sub(self.execution);
        self.fuel = self.balance.min(allowed);
        self.fuel_synced = self.fuel;
    }

    /// Gas charged so far, all categories (the whole budget once it ran out).
    pub fn used(&self) -> u64 {
        self.budget - self.balance()
    }

    /// Execution gas charged so far.
    pub fn execution_gas_used(&self) -> u64 {
        self.execution + self.pending()
    }

    /// IO gas charged so far.
    pub fn io_gas_used(&self) -> u64 {
        self.io
    }

    /// Storage fee charged so far, octas.
    pub fn storage_fee_used(&self) -> u64 {
        self.storage_fee_octas
    }

    /// Gas the storage fee cost so far.
    pub fn storage_fee_gas_used(&self) -> u64 {
        self.storage_fee_gas
    }

    /// The fee statement of what this meter charged, with `refund_octas` of storage refunds.
    pub fn fee_statement(&self, refund_octas: u64) -> FeeStatement {
        let scale = self.limits.gas_unit_scaling_factor.max(1);
        FeeStatement {
            total_charge_gas_units: self.used().div_ceil(scale),
            execution_gas_units: self.execution_gas_used().div_ceil(scale),
            io_gas_units: self.io.div_ceil(scale),
            storage_fee_octas: self.storage_fee_octas,
            storage_fee_refund_octas: refund_octas,
        }
    }

    /// Takes `units` from the (synced) balance; `OUT_OF_GAS` (and a zero balance) if short.
    fn take(&mut self, units: u64) -> PartialVMResult<()> {
        match self.balance.checked_sub(units) {
            Some(b) => {
                self.balance = b;
                Ok(())
            }
            None => {
                self.balance = 0;
                Err(PartialVMError::new(StatusCode::OUT_OF_GAS))
            }
        }
    }

    /// An execution charge beyond the fuel: out of gas, past the cap, or (after other kinds
    /// of charges lowered the balance) fine.
    #[cold]
    fn charge_slow(&mut self, units: u64) -> PartialVMResult<()> {
        self.settle(units, |m| {
            // No overflow: everything counted came out of the budget.
            m.execution += units;
            m.within(
                m.execution,
                m.limits.max_execution_gas,
                StatusCode::EXECUTION_LIMIT_REACHED,
            )
        })
    }

    /// Takes `units` from the budget (the fuel synced first and refilled after, whatever
    /// happens), then lets `count` book them to their category and check its cap.
    fn settle(
        &mut self,
        units: u64,
        count: impl FnOnce(&mut Self) -> PartialVMResult<()>,
    ) -> PartialVMResult<()> {
        self.sync();
        let r = self.take(units).and_then(|()| count(self));
        self.refuel();
        r
    }

    /// `Ok` while `used` is within `cap`, else `over`.
    fn within(&self, used: u64, cap: u64, over: StatusCode) -> PartialVMResult<()> {
        if used > cap {
            Err(PartialVMError::new(over))
        } else {
            Ok(())
        }
    }
}

impl GasMeter for BudgetMeter {
    #[inline]
    fn charge(&mut self, units: u64) -> PartialVMResult<()> {
        match self.fuel.checked_sub(units) {
            Some(f) => {
                self.fuel = f;
                Ok(())
            }
            None => self.charge_slow(units),
        }
    }

    fn charge_io(&mut self, units: u64) -> PartialVMResult<()> {
        self.settle(units, |m| {
            m.io += units;
            m.within(m.io, m.limits.max_io_gas, StatusCode::IO_LIMIT_REACHED)
        })
    }

    fn charge_storage_fee(&mut self, octas: u64, gas: u64) -> PartialVMResult<()> {
        self.settle(gas, |m| {
            m.storage_fee_gas += gas;
            m.storage_fee_octas = m.storage_fee_octas.saturating_add(octas);
            m.within(
                m.storage_fee_octas,
                m.limits.max_storage_fee,
                StatusCode::STORAGE_LIMIT_REACHED,
            )
        })
    }

    fn balance(&self) -> u64 {
        self.balance - self.pending()
    }
}

/// A meter that never runs out (tooling, genesis).
#[derive(Clone, Copy, Debug, Default)]
pub struct UnmeteredGasMeter;

impl GasMeter for UnmeteredGasMeter {
    fn charge(&mut self, _units: u64) -> PartialVMResult<()> {
        Ok(())
    }

    fn charge_io(&mut self, _units: u64) -> PartialVMResult<()> {
        Ok(())
    }

    fn charge_storage_fee(&mut self, _octas: u64, _gas: u64) -> PartialVMResult<()> {
        Ok(())
    }

    fn balance(&self) -> u64 {
        u64::MAX
    }
}

/// Instruction costs, internal gas units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasSchedule {
    /// `nop`
    pub nop: u64,
    /// `ret`
    pub ret: u64,
    /// `br_true` / `br_false`
    pub br_cond: u64,
    /// `branch`
    pub branch: u64,
    /// `ld_u8` .. `ld_u256`, `ld_true`, `ld_false`
    pub ld_int: u64,
    /// `ld_const` base
    pub ld_const_base: u64,
    /// `ld_const` per byte
    pub ld_const_per_byte: u64,
    /// local moves/copies/stores, `pop`, reference reads and writes, freeze, borrows
    pub local_op: u64,
    /// `call` base
    pub call_base: u64,
    /// `call` per argument
    pub call_per_arg: u64,
    /// `call` per local of the callee
    pub call_per_local: u64,
    /// `pack`/`unpack` base
    pub pack_base: u64,
    /// `pack`/`unpack` per field
    pub pack_per_field: u64,
    /// arithmetic, bitwise, comparison, casts, boolean ops
    pub arith: u64,
    /// `eq`/`neq` base
    pub eq_base: u64,
    /// `eq`/`neq` per abstract value unit
    pub eq_per_unit: u64,
    /// `borrow_global`
    pub borrow_global: u64,
    /// `exists`
    pub exists: u64,
    /// `move_from`
    pub move_from: u64,
    /// `move_to`
    pub move_to: u64,
    /// a copy (`CopyLoc`, `ReadRef`), per abstract value unit copied
    pub copy_per_unit: u64,
    /// `vec_pack` base
    pub vec_pack_base: u64,
    /// `vec_pack` per element
    pub vec_pack_per_elem: u64,
    /// other vector operations
    pub vec_op: u64,
    /// a native call, before what the native charges itself
    pub native_base: u64,
    /// Storage gas (IO reads and writes, storage fee) and the per-transaction caps.
    pub txn: TransactionGasParameters,
}

impl Default for GasSchedule {
    fn default() -> Self {
        GasSchedule {
            nop: 200,
            ret: 1_200,
            br_cond: 2_400,
            branch: 1_600,
            ld_int: 1_200,
            ld_const_base: 13_000,
            ld_const_per_byte: 700,
            local_op: 1_200,
            call_base: 20_000,
            call_per_arg: 2_000,
            call_per_local: 2_000,
            pack_base: 4_400,
            pack_per_field: 800,
            arith: 3_200,
            eq_base: 2_000,
            eq_per_unit: 80,
            borrow_global: 10_000,
            exists: 5_000,
            move_from: 7_000,
            move_to: 10_000,
            copy_per_unit: 80,
            vec_pack_base: 12_000,
            vec_pack_per_elem: 800,
            vec_op: 2_200,
            native_base: 2_000,
            txn: TransactionGasParameters::default(),
        }
    }
}

impl GasSchedule {
    /// The fixed part of an instruction's cost (the interpreter adds the per-argument,
    /// per-field, per-byte parts where they apply).
    pub fn instr(&self, i: &Bytecode) -> u64 {
        use Bytecode as B;
        match i {
            B::Nop => self.nop,
            B::Ret => self.ret,
            B::BrTrue(_) | B::BrFalse(_) => self.br_cond,
            B::Branch(_) => self.branch,
            B::LdU8(_)
            | B::LdU16(_)
            | B::LdU32(_)
            | B::LdU64(_)
            | B::LdU128(_)
            | B::LdU256(_)
            | B::LdTrue
            | B::LdFalse => self.ld_int,
            B::LdConst(_) => self.ld_const_base,
            B::Call(_) | B::CallGeneric(_) => self.call_base,
            B::Pack(_)
            | B::PackGeneric(_)
            | B::Unpack(_)
            | B::UnpackGeneric(_)
            | B::PackVariant(_)
            | B::PackVariantGeneric(_)
            | B::UnpackVariant(_)
            | B::UnpackVariantGeneric(_) => self.pack_base,
            B::Eq | B::Neq => self.eq_base,
            B::MutBorrowGlobal(_)
            | B::MutBorrowGlobalGeneric(_)
            | B::ImmBorrowGlobal(_)
            | B::ImmBorrowGlobalGeneric(_) => self.borrow_global,
            B::Exists(_) | B::ExistsGeneric(_) => self.exists,
            B::MoveFrom(_) | B::MoveFromGeneric(_) => self.move_from,
            B::MoveTo(_) | B::MoveToGeneric(_) => self.move_to,
            B::VecPack(..) => self.vec_pack_base,
            B::VecLen(_)
            | B::VecImmBorrow(_)
            | B::VecMutBorrow(_)
            | B::VecPushBack(_)
            | B::VecPopBack(_)
            | B::VecUnpack(..)
            | B::VecSwap(_) => self.vec_op,
            B::Add
            | B::Sub
            | B::Mul
            | B::Mod
            | B::Div
            | B::BitOr
            | B::BitAnd
            | B::Xor
            | B::Shl
            | B::Shr
            | B::Or
            | B::And
            | B::Not
            | B::Lt
            | B::Gt
            | B::Le
            | B::Ge
            | B::CastU8
            | B::CastU16
            | B::CastU32
            | B::CastU64
            | B::CastU128
            | B::CastU256 => self.arith,
            _ => self.local_op,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_runs_out() {
        let mut g = BudgetMeter::new(10);
        g.charge(7).unwrap();
        assert_eq!(
            g.charge(4).unwrap_err().major_status(),
            StatusCode::OUT_OF_GAS
        );
        assert_eq!(g.balance(), 0);
        assert_eq!(g.used(), 10);
    }

    #[test]
    fn categories_are_counted_apart_under_their_caps() {
        let limits = GasLimits {
            max_execution_gas: 10,
            max_io_gas: 20,
            max_storage_fee: 5,
            gas_unit_scaling_factor: 10,
        };
        let mut g = BudgetMeter::with_limits(100, limits);
        g.charge(10).unwrap();
        g.charge_io(20).unwrap();
        g.charge_storage_fee(5, 30).unwrap();
        assert_eq!(
            (
                g.execution_gas_used(),
                g.io_gas_used(),
                g.storage_fee_gas_used(),
                g.storage_fee_used()
            ),
            (10, 20, 30, 5)
        );
        assert_eq!(g.used(), 60);
        let st = g.fee_statement(7);
        assert_eq!(
            st,
            FeeStatement {
                total_charge_gas_units: 6,
                execution_gas_units: 1,
                io_gas_units: 2,
                storage_fee_octas: 5,
                storage_fee_refund_octas: 7,
            }
        );
        // Past each cap: its own status; the charge is still taken from the budget.
        let status = |r: PartialVMResult<()>| r.unwrap_err().major_status();
        assert_eq!(status(g.charge(1)), StatusCode::EXECUTION_LIMIT_REACHED);
        assert_eq!(status(g.charge_io(1)), StatusCode::IO_LIMIT_REACHED);
        assert_eq!(
            status(g.charge_storage_fee(1, 1)),
            StatusCode::STORAGE_LIMIT_REACHED
        );
        assert_eq!(g.used(), 63);
        // Past the budget: `OUT_OF_GAS` first, whatever the category.
        assert_eq!(status(g.charge_io(1_000)), StatusCode::OUT_OF_GAS);
        assert_eq!(g.balance(), 0);
        assert_eq!(g.io_gas_used(), 21);
    }
}
