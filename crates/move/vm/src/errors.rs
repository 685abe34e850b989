//! Errors: the binary-format crate's status-code errors (Aptos's `PartialVMError` /
//! `VMError`), plus the VM's outcome of a failed call.

pub use lumio_move_binary_format::errors::{Location, PartialVMError, PartialVMResult, VMError};
use lumio_move_core_types::StatusCode;

/// An internal inconsistency (a VM bug, never the program's fault): reported, never a panic.
pub fn invariant(msg: impl Into<String>) -> PartialVMError {
    PartialVMError::new(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR).with_message(msg)
}

/// How a call into the VM ended when it did not return normally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecutionError {
    /// `abort code` in `location` (function index and code offset for a module).
    Abort {
        /// Where the abort happened.
        location: Location,
        /// The abort code.
        code: u64,
        /// Function definition index and code offset, when known.
        at: Option<(u16, u16)>,
        /// The message of `abort_msg` (v10), if any.
        message: Option<String>,
    },
    /// Any other failure (arithmetic error, missing data, out of gas, linker error, ...).
    Failure(VMError),
}

impl ExecutionError {
    /// The status code: `ABORTED` for an abort.
    pub fn status(&self) -> StatusCode {
        match self {
            ExecutionError::Abort { .. } => StatusCode::ABORTED,
            ExecutionError::Failure(e) => e.major_status(),
        }
    }

    /// The abort code, for an abort.
    pub fn abort_code(&self) -> Option<u64> {
        match self {
            ExecutionError::Abort { code, .. } => Some(*code),
            ExecutionError::Failure(_) => None,
        }
    }
}

impl std::fmt::Display for ExecutionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExecutionError::Abort {
                location,
                code,
                at,
                message,
            } => {
                write!(f, "abort {code} (0x{code:x}) in {location}")?;
                if let Some((fun, off)) = at {
                    write!(f, " at function #{fun} offset {off}")?;
                }
                if let Some(m) = message {
                    write!(f, ": {m}")?;
                }
                Ok(())
            }
            ExecutionError::Failure(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ExecutionError {}
