//! Building the op-revm EVM for one block.
//!
//! The L1 side is not wired yet: [`l1_block_info`] returns zero L1 values for the block so the
//! L1 data fee and the operator fee are 0. It is the seam where the L1-attributes deposit (and
//! the values it writes into the L1Block predeploy) will plug in: once blocks start with that
//! deposit, pass `None` for `l2_block` and op-revm reloads the values from L1Block storage.

use crate::{predeploys::SEQUENCER_FEE_VAULT, spec::op_spec};
use alloy_primitives::{B256, U256};
use lumio_primitives::ChainSpec;
use op_revm::{
    DefaultOp, L1BlockInfo, OpBuilder, OpContext, OpSpecId,
    api::builder::DefaultOpEvm,
    revm::{
        Context, Database,
        context::{BlockEnv, CfgEnv},
        context_interface::block::BlobExcessGasAndPrice,
    },
};

/// The op-revm EVM Lumio runs: default OP instructions and precompiles over `DB`, with an
/// optional inspector `I`.
pub type LumioEvm<DB, I = ()> = DefaultOpEvm<OpContext<DB>, I>;

/// Per-block values the EVM sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockParams {
    /// Block number.
    pub number: u64,
    /// Block timestamp (seconds).
    pub timestamp: u64,
    /// Block gas limit.
    pub gas_limit: u64,
    /// Base fee per gas (wei).
    pub base_fee: u64,
    /// PREVRANDAO (the header's mixHash).
    pub prev_randao: B256,
}

/// `CfgEnv` for the chain: chain id and the op-revm spec of its hardfork.
pub fn cfg_env(chain: &ChainSpec) -> CfgEnv<OpSpecId> {
    let mut cfg = CfgEnv::new_with_spec(op_spec(chain.hardfork));
    cfg.chain_id = chain.chain_id;
    cfg
}

/// `BlockEnv` for a block: coinbase is the SequencerFeeVault, difficulty 0, blob gas price 1
/// (no blobs on L2).
pub fn block_env(params: &BlockParams) -> BlockEnv {
    BlockEnv {
        number: U256::from(params.number),
        beneficiary: SEQUENCER_FEE_VAULT,
        timestamp: U256::from(params.timestamp),
        gas_limit: params.gas_limit,
        basefee: params.base_fee,
        difficulty: U256::ZERO,
        prevrandao: Some(params.prev_randao),
        blob_excess_gas_and_price: Some(BlobExcessGasAndPrice {
            excess_blob_gas: 0,
            blob_gasprice: 1,
        }),
        ..Default::default()
    }
}

/// L1 fee inputs for a block with no L1 yet: all zero, tagged with the block number so op-revm
/// does not reload them from the L1Block predeploy's storage.
pub fn l1_block_info(block_number: u64) -> L1BlockInfo {
    L1BlockInfo {
        l2_block: Some(U256::from(block_number)),
        l1_base_fee: U256::ZERO,
        l1_base_fee_scalar: U256::ZERO,
        l1_blob_base_fee: Some(U256::ZERO),
        l1_blob_base_fee_scalar: Some(U256::ZERO),
        operator_fee_scalar: Some(U256::ZERO),
        operator_fee_constant: Some(U256::ZERO),
        da_footprint_gas_scalar: Some(0),
        ..Default::default()
    }
}

/// The EVM for one block over `db`.
pub fn build_evm<DB: Database>(db: DB, cfg: CfgEnv<OpSpecId>, block: &BlockParams) -> LumioEvm<DB> {
    build_evm_with_inspector(db, cfg, block, ())
}

/// The EVM for one block over `db`, with an inspector.
pub fn build_evm_with_inspector<DB: Database, I>(
    db: DB,
    cfg: CfgEnv<OpSpecId>,
    block: &BlockParams,
    inspector: I,
) -> LumioEvm<DB, I> {
    Context::op()
        .with_db(db)
        .with_cfg(cfg)
        .with_block(block_env(block))
        .with_chain(l1_block_info(block.number))
        .build_op_with_inspector(inspector)
}
