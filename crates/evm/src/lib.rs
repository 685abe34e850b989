//! op-revm configuration for Lumio.
//!
//! What is here: the mapping from the chain's [`Hardfork`](lumio_primitives::Hardfork) to
//! op-revm's `OpSpecId` ([`spec`]), the OP Stack and Lumio predeploy addresses
//! ([`predeploys`]), construction of the op-revm EVM for one block ([`env`](mod@env)) and the genesis
//! helpers that turn a [`ChainSpec`](lumio_primitives::ChainSpec) into a state diff and a
//! genesis header ([`genesis`]).
//!
//! What is not here: transaction decoding, block building, receipts and calls (those live in
//! `lumio-execution`), and anything that stores state.

pub mod env;
pub mod fees;
pub mod genesis;
pub mod predeploys;
pub mod spec;

pub use env::{BlockParams, LumioEvm, build_evm, build_evm_with_inspector, cfg_env, l1_block_info};
pub use fees::{extra_data, next_base_fee};
pub use genesis::{genesis_diff, genesis_header, genesis_state_root, genesis_storage_root};
pub use spec::op_spec;

/// op-revm as built against revm 38; everything EVM-typed is reached through here so that only
/// one revm is ever in play.
pub use op_revm;
pub use op_revm::revm;
