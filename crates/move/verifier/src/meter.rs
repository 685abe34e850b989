//! Work bound for the abstract interpreters, so hostile code cannot make verification slow.
//!
//! Units are abstract: one unit per instruction visited, plus the size of the abstract state
//! for the passes whose states grow (locals, borrow graph). Exceeding a bound yields
//! `PROGRAM_TOO_COMPLEX`.

use lumio_move_core_types::StatusCode;

use crate::{config::VerifierConfig, error::PartialVMError};

/// Counts units per function and per module.
#[derive(Debug)]
pub(crate) struct Meter {
    fun_units: u128,
    mod_units: u128,
    max_fun: Option<u128>,
    max_mod: Option<u128>,
}

impl Meter {
    /// A meter with the bounds of `config`.
    pub(crate) fn new(config: &VerifierConfig) -> Self {
        Self {
            fun_units: 0,
            mod_units: 0,
            max_fun: config.max_per_fun_meter_units,
            max_mod: config.max_per_mod_meter_units,
        }
    }

    /// Starts a new function scope.
    pub(crate) fn enter_function(&mut self) {
        self.fun_units = 0;
    }

    /// Adds `units`; errors when a bound is exceeded.
    pub(crate) fn add(&mut self, units: u128) -> Result<(), PartialVMError> {
        self.fun_units = self.fun_units.saturating_add(units);
        self.mod_units = self.mod_units.saturating_add(units);
        if self.max_fun.is_some_and(|m| self.fun_units > m) {
            return Err(PartialVMError::new(StatusCode::PROGRAM_TOO_COMPLEX)
                .with_message("program too complex (function)".to_string()));
        }
        if self.max_mod.is_some_and(|m| self.mod_units > m) {
            return Err(PartialVMError::new(StatusCode::PROGRAM_TOO_COMPLEX)
                .with_message("program too complex (module)".to_string()));
        }
        Ok(())
    }
}
