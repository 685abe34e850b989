//! Gas: a meter the interpreter and the natives charge, in Aptos's internal gas units.
//!
//! [`GasSchedule`] holds per-instruction costs (the values of Aptos's execution schedule,
//! `aptos-gas-schedule/src/gas_schedule/instr.rs`, in the version our reference cites: see
//! `docs/vm.md`); [`GasMeter`] is what the VM charges. Running out is `OUT_OF_GAS`.

use lumio_move_binary_format::file_format::Bytecode;
use lumio_move_core_types::StatusCode;

use crate::errors::{PartialVMError, PartialVMResult};

/// What the VM charges.
pub trait GasMeter {
    /// Charges `units` of internal gas; `OUT_OF_GAS` if the balance does not cover them.
    fn charge(&mut self, units: u64) -> PartialVMResult<()>;
    /// Gas left.
    fn balance(&self) -> u64;
}

/// A meter with a fixed budget.
#[derive(Clone, Debug)]
pub struct BudgetMeter {
    balance: u64,
    used: u64,
}

impl BudgetMeter {
    /// A meter with `budget` internal gas units.
    pub fn new(budget: u64) -> Self {
        BudgetMeter {
            balance: budget,
            used: 0,
        }
    }

    /// Gas charged so far.
    pub fn used(&self) -> u64 {
        self.used
    }
}

impl GasMeter for BudgetMeter {
    fn charge(&mut self, units: u64) -> PartialVMResult<()> {
        match self.balance.checked_sub(units) {
            Some(b) => {
                self.balance = b;
                self.used = self.used.saturating_add(units);
                Ok(())
            }
            None => {
                self.used = self.used.saturating_add(self.balance);
                self.balance = 0;
                Err(PartialVMError::new(StatusCode::OUT_OF_GAS))
            }
        }
    }

    fn balance(&self) -> u64 {
        self.balance
    }
}

/// A meter that never runs out (tooling, genesis).
#[derive(Clone, Copy, Debug, Default)]
pub struct UnmeteredGasMeter;

impl GasMeter for UnmeteredGasMeter {
    fn charge(&mut self, _units: u64) -> PartialVMResult<()> {
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
}
