//! Shared primitives of the Lumio node.
//!
//! What is here: the EVM <-> Move address mapping and units ([`mapping`]), the chain
//! specification and genesis ([`chain`]), the block / transaction / receipt records that the
//! executor produces and the store keeps ([`block`]), and the state model shared by executor
//! and store: account records, the per-block state diff and the [`StateReader`] trait ([`state`]);
//! the scheduling hint of the node's background threads ([`thread`]).
//!
//! What is not here: anything that executes, stores or serves. Crates above depend on this one;
//! it depends only on alloy types (and libc, for [`thread`]).

pub mod block;
pub mod chain;
pub mod mapping;
pub mod sorted_map;
pub mod state;
pub mod thread;

pub use block::{L1FeeInfo, StoredBlock, StoredReceipt, StoredTx, TxLocation};
pub use chain::{BaseFeeParams, ChainSpec, GenesisAccount, Hardfork};
pub use sorted_map::SortedMap;
pub use state::{AccountDiff, AccountState, StateDiff, StateError, StateReader};
