//! Block building: execute transactions one by one on op-revm over a [`StateReader`], then
//! produce the header (minus state root), receipts and the state diff.

use crate::{
    roots::{ReceiptLeaf, RootsPipeline, body_roots},
    state::{DbError, StateDb},
    tx::{RecoveredTx, Route, route},
    tx_env::{deposit_tx_env, signed_tx_env},
};
use alloy_consensus::{EMPTY_OMMER_ROOT_HASH, Header, Transaction};
use alloy_primitives::{Address, B64, B256, Bloom, Bytes, U256, address};
use alloy_trie::EMPTY_ROOT_HASH;
use lumio_evm::{
    BlockParams, LumioEvm, build_evm, cfg_env,
    fees::{extra_data, next_base_fee, params_from_eip1559},
    genesis::empty_requests_hash,
    op_revm::{L1BlockInfo, OpSpecId, OpTransactionError},
    predeploys::SEQUENCER_FEE_VAULT,
    revm::{
        Database, ExecuteCommitEvm, ExecuteEvm,
        context_interface::result::{EVMError, ExecutionResult, InvalidTransaction, Output},
        handler::{SYSTEM_ADDRESS, system_call::SystemCallEvm},
    },
    spec::op_spec,
};
use lumio_primitives::{
    ChainSpec, Hardfork, L1FeeInfo, StateDiff, StateError, StateReader, StoredBlock, StoredReceipt,
    StoredTx,
};
use op_alloy_consensus::{OpReceiptEnvelope, OpTxType};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// EIP-4788 beacon-roots contract.
pub const BEACON_ROOTS_ADDRESS: Address = address!("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02");
/// EIP-2935 block-hash history contract.
pub const HISTORY_STORAGE_ADDRESS: Address = address!("0x0000F90827F1C53a10cb7A02335B175320002935");

/// Payload attributes of the block being built (Engine API `PayloadAttributes` minus the
/// transactions). `Default` gives a dev block: zero randomness, the chain's gas limit and fee
/// parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockAttrs {
    /// PREVRANDAO / header mixHash (op-node: the L1 origin's mixDigest).
    pub prev_randao: B256,
    /// Block gas limit; default the chain's.
    pub gas_limit: Option<u64>,
    /// Holocene `eip1559Params` (denominator u32 BE ‖ elasticity u32 BE); zero or `None` means
    /// the chain's parameters.
    pub eip1559_params: Option<B64>,
    /// Jovian minimum base fee; default the chain's.
    pub min_base_fee: Option<u64>,
    /// Parent beacon block root (the L1 origin's); default zero.
    pub parent_beacon_block_root: Option<B256>,
}

/// Errors of block-level operations.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    /// The timestamp does not advance past the parent's.
    #[error("block timestamp {timestamp} not after parent timestamp {parent}")]
    TimestampNotAfterParent {
        /// Requested timestamp.
        timestamp: u64,
        /// Parent's timestamp.
        parent: u64,
    },
    /// Reading state failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// A pre-block system call (EIP-4788 beacon root, EIP-2935 block hash) failed.
    #[error("system call to {contract} failed: {reason}")]
    SystemCall {
        /// The system contract.
        contract: Address,
        /// What went wrong.
        reason: String,
    },
    /// A broken invariant inside the executor (a bug, reported instead of panicking).
    #[error("executor invariant violated: {0}")]
    Invariant(String),
}

/// Why a transaction could not be included. The block is unchanged: the sequencer can drop the
/// transaction (or keep it in the pool for a nonce gap) and go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxExecError {
    /// Nonce below the account's.
    #[error("nonce too low: transaction {tx}, account {state}")]
    NonceTooLow {
        /// Transaction nonce.
        tx: u64,
        /// Account nonce.
        state: u64,
    },
    /// Nonce above the account's (a gap).
    #[error("nonce too high: transaction {tx}, account {state}")]
    NonceTooHigh {
        /// Transaction nonce.
        tx: u64,
        /// Account nonce.
        state: u64,
    },
    /// Balance does not cover `gas_limit * max_fee + value` (+ L1 fee).
    #[error("insufficient funds for gas * price + value: {0}")]
    InsufficientFunds(String),
    /// Gas limit above what is left in the block.
    #[error("transaction gas limit {gas_limit} exceeds remaining block gas {remaining}")]
    ExceedsBlockGas {
        /// Transaction gas limit.
        gas_limit: u64,
        /// Gas left in the block.
        remaining: u64,
    },
    /// Max fee below the block's base fee.
    #[error("max fee per gas {max_fee} less than block base fee {base_fee}")]
    FeeCapTooLow {
        /// Transaction max fee per gas.
        max_fee: u128,
        /// Block base fee.
        base_fee: u64,
    },
    /// Any other validity rule (intrinsic gas, sender with code, bad authorization list, …).
    #[error("invalid transaction: {0}")]
    Invalid(String),
    /// A transaction kind the executor does not run.
    #[error("unsupported transaction: {0}")]
    Unsupported(&'static str),
    /// Reading state failed (not the transaction's fault).
    #[error("state read failed: {0}")]
    State(String),
    /// The EVM failed internally (a bug; the transaction is dropped and the block goes on).
    #[error("internal EVM error: {0}")]
    Internal(String),
}

impl TxExecError {
    pub(crate) fn from_invalid(e: &InvalidTransaction) -> Self {
        match e {
            InvalidTransaction::NonceTooLow { tx, state } => Self::NonceTooLow {
                tx: *tx,
                state: *state,
            },
            InvalidTransaction::NonceTooHigh { tx, state } => Self::NonceTooHigh {
                tx: *tx,
                state: *state,
            },
            InvalidTransaction::LackOfFundForMaxFee { fee, balance } => {
                Self::InsufficientFunds(format!("balance {balance}, cost {fee}"))
            }
            other => Self::Invalid(other.to_string()),
        }
    }

    fn from_evm(e: EVMError<DbError, OpTransactionError>) -> Self {
        match e {
            EVMError::Transaction(OpTransactionError::Base(invalid)) => {
                Self::from_invalid(&invalid)
            }
            EVMError::Transaction(other) => Self::Invalid(other.to_string()),
            EVMError::Header(h) => Self::Internal(h.to_string()),
            EVMError::Database(db) => Self::State(db.to_string()),
            EVMError::Custom(s) => Self::Internal(s),
            EVMError::CustomAny(s) => Self::Internal(s.to_string()),
        }
    }
}

/// A block executed but not sealed: the caller computes the state root (and, from Isthmus, the
/// `withdrawalsRoot`) from `diff` with the store, then calls [`seal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutedBlock {
    /// Header with every field set except `state_root` (zero) and `withdrawals_root`
    /// (`EMPTY_ROOT_HASH` placeholder); see [`ExecutedBlock::needs_message_passer_root`].
    pub header: Header,
    /// Transactions in order.
    pub transactions: Vec<StoredTx>,
    /// Receipts in order.
    pub receipts: Vec<StoredReceipt>,
    /// State changes of the block.
    pub diff: StateDiff,
}

impl ExecutedBlock {
    /// True from Isthmus: `withdrawalsRoot` must be the L2ToL1MessagePasser
    /// (`lumio_evm::predeploys::L2_TO_L1_MESSAGE_PASSER`) storage root after applying `diff`.
    /// Otherwise it is `EMPTY_ROOT_HASH`.
    pub fn needs_message_passer_root(&self) -> bool {
        self.header.requests_hash.is_some()
    }
}

/// Seals an executed block: fills the state root and `withdrawalsRoot` and hashes the header.
pub fn seal(executed: &ExecutedBlock, state_root: B256, withdrawals_root: B256) -> StoredBlock {
    let mut header = executed.header.clone();
    header.state_root = state_root;
    header.withdrawals_root = Some(withdrawals_root);
    let hash = header.hash_slow();
    StoredBlock {
        header,
        hash,
        transactions: executed.transactions.clone(),
    }
}

/// Receipt envelopes of a block (OP encoding, what the receipts root commits to).
pub fn receipt_envelopes(receipts: &[StoredReceipt]) -> Vec<OpReceiptEnvelope> {
    receipts
        .iter()
        .map(|r| {
            let ty = OpTxType::try_from(r.tx_type).unwrap_or(OpTxType::Legacy);
            OpReceiptEnvelope::from_parts(
                r.success,
                r.cumulative_gas_used,
                &r.logs,
                ty,
                r.deposit_nonce,
                r.deposit_receipt_version,
            )
        })
        .collect()
}

/// Upper bound on the transactions of a block with `gas_limit` (each costs at least 21,000 gas),
/// capped for the initial allocation.
fn max_txs(gas_limit: u64) -> usize {
    usize::try_from(gas_limit / 21_000).map_or(1 << 16, |n| n.min(1 << 16))
}

/// Builds one block.
pub struct BlockBuilder<S: StateReader> {
    evm: LumioEvm<StateDb<S>>,
    spec: OpSpecId,
    header: Header,
    transactions: Vec<StoredTx>,
    receipts: Vec<StoredReceipt>,
    gas_used: u64,
    /// Body commitments (transactions/receipts roots, logs bloom); `None` leaves them out.
    roots: Option<RootsPipeline>,
}

impl<S: StateReader> std::fmt::Debug for BlockBuilder<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockBuilder")
            .field("number", &self.header.number)
            .field("transactions", &self.transactions.len())
            .field("gas_used", &self.gas_used)
            .finish_non_exhaustive()
    }
}

impl<S: StateReader> BlockBuilder<S> {
    /// Starts the block after `parent` at `timestamp`, reading state through `state` (the state
    /// after `parent`).
    pub fn new(
        state: S,
        chain: &ChainSpec,
        parent: &Header,
        timestamp: u64,
        attrs: BlockAttrs,
    ) -> Result<Self, BlockError> {
        let Some(number) = parent.number.checked_add(1) else {
            return Err(BlockError::Invariant(
                "parent block number at u64::MAX".into(),
            ));
        };
        if timestamp <= parent.timestamp {
            return Err(BlockError::TimestampNotAfterParent {
                timestamp,
                parent: parent.timestamp,
            });
        }
        let fork = chain.hardfork;
        let isthmus = matches!(fork, Hardfork::Isthmus | Hardfork::Jovian);
        let gas_limit = attrs.gas_limit.unwrap_or(chain.gas_limit);
        let base_fee = next_base_fee(chain, parent);
        let params = attrs.eip1559_params.map_or(chain.base_fee_params, |p| {
            params_from_eip1559(p, chain.base_fee_params)
        });
        let min_base_fee = attrs.min_base_fee.unwrap_or(chain.min_base_fee);
        let header = Header {
            parent_hash: parent.hash_slow(),
            ommers_hash: EMPTY_OMMER_ROOT_HASH,
            beneficiary: SEQUENCER_FEE_VAULT,
            state_root: B256::ZERO,
            transactions_root: EMPTY_ROOT_HASH,
            receipts_root: EMPTY_ROOT_HASH,
            logs_bloom: Bloom::ZERO,
            difficulty: U256::ZERO,
            number,
            gas_limit,
            gas_used: 0,
            timestamp,
            extra_data: extra_data(fork, params, min_base_fee),
            mix_hash: attrs.prev_randao,
            nonce: B64::ZERO,
            base_fee_per_gas: Some(base_fee),
            withdrawals_root: Some(EMPTY_ROOT_HASH),
            blob_gas_used: Some(0),
            excess_blob_gas: Some(0),
            parent_beacon_block_root: Some(attrs.parent_beacon_block_root.unwrap_or_default()),
            requests_hash: isthmus.then(empty_requests_hash),
            block_access_list_hash: None,
            slot_number: None,
        };
        let params = BlockParams {
            number: header.number,
            timestamp,
            gas_limit,
            base_fee,
            prev_randao: attrs.prev_randao,
        };
        let evm = build_evm(StateDb::new(state), cfg_env(chain), &params);
        let max_txs = max_txs(gas_limit);
        let mut builder = Self {
            evm,
            spec: op_spec(fork),
            header,
            // Room for as many transactions as the gas limit admits (capped): growing these
            // vectors copied every receipt several times on big blocks. Untouched capacity
            // costs address space only.
            transactions: Vec::with_capacity(max_txs),
            receipts: Vec::with_capacity(max_txs),
            gas_used: 0,
            roots: Some(RootsPipeline::default()),
        };
        // Pre-block system calls, as op-geth / alloy-op-evm make them (Ecotone: EIP-4788;
        // Isthmus: EIP-2935). A chain whose genesis lacks the contract skips them.
        builder.system_call(
            BEACON_ROOTS_ADDRESS,
            Bytes::copy_from_slice(
                attrs
                    .parent_beacon_block_root
                    .unwrap_or_default()
                    .as_slice(),
            ),
        )?;
        if isthmus {
            builder.system_call(
                HISTORY_STORAGE_ADDRESS,
                Bytes::copy_from_slice(builder.header.parent_hash.as_slice()),
            )?;
        }
        Ok(builder)
    }

    /// Runs a system call and keeps only the system contract's changes (not the system caller's
    /// or the coinbase's), like alloy-evm.
    fn system_call(&mut self, contract: Address, data: Bytes) -> Result<(), BlockError> {
        let failed = |reason: String| BlockError::SystemCall { contract, reason };
        let db = &mut self.evm.0.ctx.journaled_state.database;
        let has_code = db
            .account(contract)
            .map_err(|e| failed(e.to_string()))?
            .is_some_and(|a| a.code_hash != lumio_primitives::state::KECCAK_EMPTY);
        if !has_code {
            return Ok(());
        }
        let out = match catch_unwind(AssertUnwindSafe(|| {
            self.evm
                .system_call_with_caller(SYSTEM_ADDRESS, contract, data)
        })) {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => return Err(failed(format!("{e:?}"))),
            Err(_) => {
                let _ = self.evm.finalize();
                return Err(failed("EVM panicked".into()));
            }
        };
        let mut state = out.state;
        state.retain(|address, _| *address == contract);
        self.evm.commit(state);
        match self.evm.0.ctx.journaled_state.database.take_broken() {
            Some(msg) => Err(BlockError::Invariant(msg)),
            None => Ok(()),
        }
    }

    /// The header being built (number, base fee, gas limit, …; roots not yet set).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Gas used so far.
    pub fn gas_used(&self) -> u64 {
        self.gas_used
    }

    /// Receipts so far.
    pub fn receipts(&self) -> &[StoredReceipt] {
        &self.receipts
    }

    /// Executes `tx` and appends it with its receipt; on error nothing of it stays in the block.
    pub fn execute_tx(&mut self, tx: &RecoveredTx) -> Result<&StoredReceipt, TxExecError> {
        let remaining = self.header.gas_limit.saturating_sub(self.gas_used);
        if tx.gas_limit() > remaining {
            return Err(TxExecError::ExceedsBlockGas {
                gas_limit: tx.gas_limit(),
                remaining,
            });
        }
        let (op_tx, deposit_nonce) = match route(tx).map_err(TxExecError::Unsupported)? {
            Route::Evm => {
                let base_fee = self.header.base_fee_per_gas.unwrap_or_default();
                let max_fee = tx.envelope.max_fee_per_gas();
                if max_fee < u128::from(base_fee) {
                    return Err(TxExecError::FeeCapTooLow { max_fee, base_fee });
                }
                (signed_tx_env(tx), None)
            }
            Route::Deposit(deposit) => {
                let nonce = self
                    .evm
                    .0
                    .ctx
                    .journaled_state
                    .database
                    .basic(deposit.from)
                    .map_err(|e| TxExecError::State(e.to_string()))?
                    .map_or(0, |a| a.nonce);
                (deposit_tx_env(tx, deposit), Some(nonce))
            }
        };
        // A panic inside the EVM is a bug; contain it to this transaction (STYLE §7). The
        // journal is reset by `finalize`; the cache was not written (commit comes after).
        let outcome = catch_unwind(AssertUnwindSafe(|| self.evm.transact(op_tx)));
        let out = match outcome {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => return Err(TxExecError::from_evm(e)),
            Err(_) => {
                let _ = self.evm.finalize();
                return Err(TxExecError::Internal(
                    "EVM panicked; transaction dropped".into(),
                ));
            }
        };
        let result = out.result;
        self.evm.commit(out.state);
        if let Some(msg) = self.evm.0.ctx.journaled_state.database.take_broken() {
            return Err(TxExecError::Internal(msg));
        }

        let gas_used = result.tx_gas_used();
        self.gas_used += gas_used;
        let success = result.is_success();
        let (logs, created) = match result {
            ExecutionResult::Success { logs, output, .. } => {
                let created = match output {
                    Output::Create(_, address) => address,
                    Output::Call(_) => None,
                };
                (logs, created)
            }
            ExecutionResult::Revert { logs, .. } | ExecutionResult::Halt { logs, .. } => {
                (logs, None)
            }
        };
        // geth reports the would-be address of a failed creation too.
        let contract_address = created.or_else(|| {
            tx.envelope.kind().is_create().then(|| {
                tx.sender
                    .create(deposit_nonce.unwrap_or_else(|| tx.envelope.nonce()))
            })
        });
        let base_fee = self.header.base_fee_per_gas.unwrap_or_default();
        let is_deposit = deposit_nonce.is_some();
        let effective_gas_price = if is_deposit {
            0
        } else {
            tx.envelope.effective_gas_price(Some(base_fee))
        };
        let l1 = if is_deposit {
            L1FeeInfo::default()
        } else {
            l1_fee_info(&mut self.evm.0.ctx.chain, &tx.encoded, self.spec)
        };
        self.receipts.push(StoredReceipt {
            tx_type: tx.tx_type(),
            success,
            cumulative_gas_used: self.gas_used,
            gas_used,
            effective_gas_price,
            logs,
            contract_address,
            l1,
            deposit_nonce,
            // Canyon+ deposits carry receipt version 1; all our forks are after Canyon.
            deposit_receipt_version: is_deposit.then_some(1),
        });
        self.transactions.push(StoredTx {
            hash: tx.hash,
            sender: tx.sender,
            encoded: tx.encoded.clone(),
        });
        if let (Some(receipt), Some(roots)) = (self.receipts.last(), self.roots.as_mut()) {
            roots.push(tx.encoded.clone(), ReceiptLeaf::of(receipt));
        }
        // Just pushed.
        self.receipts
            .last()
            .ok_or_else(|| TxExecError::Internal("receipt missing".into()))
    }

    /// Leaves the body commitments out: `finish` then returns the header with the empty
    /// transactions/receipts roots and a zero logs bloom. For executions that never become a
    /// block (measuring the executor alone, previews); a sealed block must not use it.
    #[must_use]
    pub fn without_body_roots(mut self) -> Self {
        self.roots = None;
        self
    }

    /// Finishes the block: roots (except state and withdrawals), bloom, gas used, the diff.
    pub fn finish(self) -> Result<ExecutedBlock, BlockError> {
        let Self {
            evm,
            mut header,
            transactions,
            receipts,
            gas_used,
            roots,
            ..
        } = self;
        let mut db = evm.0.ctx.journaled_state.database;
        if let Some(msg) = db.take_broken() {
            return Err(BlockError::Invariant(msg));
        }
        // The diff is built while the helper thread (if any) hashes the last leaves.
        let diff = db.into_diff();
        if let Some(roots) = roots {
            let roots = roots
                .finish()
                .unwrap_or_else(|| body_roots(&transactions, &receipts));
            header.receipts_root = roots.receipts_root;
            header.transactions_root = roots.transactions_root;
            header.logs_bloom = roots.logs_bloom;
        }
        header.gas_used = gas_used;
        Ok(ExecutedBlock {
            header,
            transactions,
            receipts,
            diff,
        })
    }
}

/// Receipt L1 fields for a transaction. With no L1 yet these are zero; computing them only when
/// the L1 inputs are set keeps the FastLZ pass off the hot path.
fn l1_fee_info(info: &mut L1BlockInfo, encoded: &[u8], spec: OpSpecId) -> L1FeeInfo {
    let blob_base_fee = info.l1_blob_base_fee.unwrap_or_default();
    if info.l1_base_fee.is_zero() && blob_base_fee.is_zero() {
        return L1FeeInfo::default();
    }
    let l1_fee = info.calculate_tx_l1_cost(encoded, spec);
    let l1_gas_used = info.data_gas(encoded, spec);
    L1FeeInfo {
        l1_fee,
        l1_gas_used: u64::try_from(l1_gas_used).unwrap_or(u64::MAX),
        l1_gas_price: info.l1_base_fee,
        l1_base_fee_scalar: u64::try_from(info.l1_base_fee_scalar).unwrap_or(u64::MAX),
        l1_blob_base_fee: blob_base_fee,
        l1_blob_base_fee_scalar: info
            .l1_blob_base_fee_scalar
            .map_or(0, |s| u64::try_from(s).unwrap_or(u64::MAX)),
    }
}
