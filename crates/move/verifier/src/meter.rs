//! Work bound for the abstract interpreters, so hostile code cannot make verification slow.
//!
//! Units and charges are Aptos's verifier meter's (see `docs/verifier.md`, "Metering"): each
//! pass charges its function scope (type safety per type node pushed or instantiated, locals
//! safety per step/join/return, reference safety per step, join, acquires and reference edge
//! of a call); when a function is done its units are added to the module scope. Exceeding a
//! bound yields `CONSTRAINT_NOT_SATISFIED` ("program too complex"), the status Aptos reports.

use lumio_move_core_types::StatusCode;

use crate::{config::VerifierConfig, error::PartialVMError};

/// Units and bound of one scope.
#[derive(Debug)]
struct Bound {
    units: u128,
    max: Option<u128>,
    what: &'static str,
}

impl Bound {
    fn add(&mut self, units: u128) -> Result<(), PartialVMError> {
        let new = self.units.saturating_add(units);
        if let Some(max) = self.max
            && new > max
        {
            return Err(
                PartialVMError::new(StatusCode::CONSTRAINT_NOT_SATISFIED).with_message(format!(
                    "program too complex ({}: {} + {units} units > {max})",
                    self.what, self.units
                )),
            );
        }
        self.units = new;
        Ok(())
    }
}

/// Counts units per function and per module.
#[derive(Debug)]
pub(crate) struct Meter {
    function: Bound,
    module: Bound,
}

impl Meter {
    /// A meter with the bounds of `config`.
    pub(crate) fn new(config: &VerifierConfig) -> Self {
        Self {
            function: Bound {
                units: 0,
                max: config.max_per_fun_meter_units,
                what: "function",
            },
            module: Bound {
                units: 0,
                max: config.max_per_mod_meter_units,
                what: "module",
            },
        }
    }

    /// Starts a new function scope.
    pub(crate) fn enter_function(&mut self) {
        self.function.units = 0;
    }

    /// Adds the units of the finished function to the module scope.
    pub(crate) fn function_done(&mut self) -> Result<(), PartialVMError> {
        self.module.add(self.function.units)
    }

    /// Adds `units` to the function scope; errors when the bound is exceeded.
    pub(crate) fn add(&mut self, units: u128) -> Result<(), PartialVMError> {
        self.function.add(units)
    }

    /// Adds `per_item * items` to the function scope.
    pub(crate) fn add_items(&mut self, per_item: u128, items: usize) -> Result<(), PartialVMError> {
        if items == 0 {
            return Ok(());
        }
        self.add(per_item.saturating_mul(items as u128))
    }

    /// Adds `items` charges starting at `per_item`, each one `growth` times the previous (in
    /// single precision, truncated, as Aptos computes it).
    pub(crate) fn add_items_with_growth(
        &mut self,
        mut per_item: u128,
        items: usize,
        growth: f32,
    ) -> Result<(), PartialVMError> {
        for _ in 0..items {
            self.add(per_item)?;
            // Saturating float-to-int conversion: grows to u128::MAX at worst.
            per_item = (per_item as f32 * growth) as u128;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounded(max: u128) -> Meter {
        Meter::new(&VerifierConfig {
            max_per_fun_meter_units: Some(max),
            max_per_mod_meter_units: Some(max * 2),
            ..VerifierConfig::default()
        })
    }

    #[test]
    fn function_bound_and_module_transfer() {
        let mut m = bounded(100);
        m.add(60).unwrap();
        m.add_items(20, 2).unwrap();
        let e = m.add(1).unwrap_err();
        assert_eq!(e.major_status(), StatusCode::CONSTRAINT_NOT_SATISFIED);
        m.function_done().unwrap();
        m.enter_function();
        m.add(100).unwrap();
        m.function_done().unwrap();
        m.enter_function();
        m.add(50).unwrap();
        assert!(m.function_done().is_err());
    }

    #[test]
    fn growth_charges_grow() {
        let mut m = bounded(u128::MAX / 4);
        m.add_items_with_growth(100, 4, 1.5).unwrap();
        // 100 + 150 + 225 + 337
        assert_eq!(m.function.units, 812);
    }
}
