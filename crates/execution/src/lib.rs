//! Block executor for Lumio.
//!
//! What is here: transaction ingress ([`decode_and_recover`]: EIP-2718 bytes → decoded, sender
//! recovered, chain id checked), the transaction router (a `match` over transaction kinds: signed
//! EVM transactions and L1 deposits today; Move transactions and cross-VM calls slot in as new
//! arms), the [`BlockBuilder`] that runs transactions on op-revm over a
//! [`StateReader`](lumio_primitives::StateReader) and produces header, receipts and
//! [`StateDiff`](lumio_primitives::StateDiff), [`seal`], and the read-only paths used by RPC
//! ([`call`], [`estimate_gas`], [`create_access_list`]).
//!
//! What is not here: state storage and state roots (the store computes them from the diff), the
//! transaction pool, and the sequencer loop.

mod builder;
mod call;
mod memory;
mod roots;
mod state;
mod tx;
mod tx_env;

pub use builder::{
    BEACON_ROOTS_ADDRESS, BlockAttrs, BlockBuilder, BlockError, ExecutedBlock,
    HISTORY_STORAGE_ADDRESS, TxExecError, receipt_envelopes, seal,
};
pub use call::{
    AccessListOutcome, AccountOverride, CALL_GAS_CAP, CallEnv, CallError, CallOutcome, CallRequest,
    StateOverrides, call, create_access_list, estimate_gas, revert_reason,
};
pub use memory::MemoryState;
pub use roots::transactions_root;
pub use state::{DbError, StateDb};
pub use tx::{MAX_TX_SIZE, RecoveredTx, TxDecodeError, decode_and_recover, decode_payload_tx};
