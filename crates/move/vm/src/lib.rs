//! The Move VM: runs verified Aptos bytecode (v6/v7) with Aptos's semantics.
//!
//! - [`loader`]: modules from a [`ModuleStorage`], verified and link-checked on load, cached
//!   (`Send + Sync`, shared by sessions on many threads);
//! - [`values`] and [`types`]: runtime values (containers and slot references) and types;
//! - [`interpreter`]: the instruction loop, limits (call depth, operand stack, value depth),
//!   gas;
//! - [`natives`]: Rust functions bound by `0x1::module::function` as Aptos binds them;
//! - [`session`]: function calls, entry functions, scripts and view functions (Aptos's
//!   transaction-argument rules) over a [`data_cache`] that ends in a [`ChangeSet`].
//!
//! Gas ([`gas`]): execution and IO gas counted apart under Aptos's caps, the storage fee and
//! the fee statement; [`Session::finish_with_gas`] charges a transaction's writes.
//!
//! Not here: the transaction prologue/epilogue and fee payment (execution crate), module
//! loading gas (see `docs/vm.md`).

// `VMError` (binary-format crate) is large; the Aptos-shaped API is kept on purpose.
#![allow(clippy::result_large_err)]

pub mod bench;
pub mod compatibility;
pub mod data_cache;
pub mod errors;
pub mod gas;
pub mod interpreter;
pub mod loader;
pub mod natives;
pub mod session;
pub mod types;
pub mod values;

pub use data_cache::{ChangeSet, EmptyResources, Event, ResourceResolver, TableResolver, WriteOp};
pub use errors::ExecutionError;
pub use gas::{
    BudgetMeter, FeeStatement, GasLimits, GasMeter, GasSchedule, StorageFee,
    TransactionGasParameters, UnmeteredGasMeter,
};
pub use interpreter::TraceFrame;
pub use loader::{Loader, ModuleStorage};
pub use natives::NativeTable;
pub use session::Session;
pub use values::Value;
