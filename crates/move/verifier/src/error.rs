//! Error types: the binary-format crate's status-code errors, re-exported for the passes.

pub(crate) use lumio_move_binary_format::errors::{
    Location, PartialVMError, PartialVMResult, VMResult,
};
