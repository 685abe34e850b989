//! Read-only execution for RPC: `eth_call`, `eth_estimateGas`, `eth_createAccessList`.
//!
//! Semantics follow geth: without a gas price no fee is charged and the base-fee check is off,
//! without a nonce the nonce check is off, the sender may have code, and the gas defaults to (and
//! is capped at) [`CALL_GAS_CAP`].

mod access_list;

use crate::{
    builder::TxExecError,
    state::{DbError, StateDb},
};
use access_list::AccessListInspector;
use alloy_consensus::Header;
use alloy_eips::{eip2930::AccessList, eip7702::SignedAuthorization};
use alloy_primitives::{Address, B256, Bytes, Log, TxKind, U256};
use lumio_evm::{
    BlockParams, LumioEvm, build_evm, build_evm_with_inspector, cfg_env,
    op_revm::{
        OpHaltReason, OpSpecId, OpTransaction, OpTransactionError, precompiles::OpPrecompiles,
        transaction::deposit::DepositTransactionParts,
    },
    revm::{
        ExecuteEvm,
        context::{CfgEnv, TxEnv},
        context_interface::{
            either::Either,
            result::{EVMError, ExecutionResult, HaltReason},
        },
        handler::PrecompileProvider,
        inspector::InspectEvm,
    },
};
use lumio_primitives::{ChainSpec, StateReader};
use std::collections::{BTreeMap, BTreeSet};

/// Gas given to a call without a gas field, and the most any call may use (geth's RPC gas cap).
pub const CALL_GAS_CAP: u64 = 50_000_000;

/// Gas of a plain value transfer.
const TRANSFER_GAS: u64 = 21_000;

/// The block a call runs in.
#[derive(Debug, Clone, Copy)]
pub struct CallEnv<'a> {
    /// Chain (id and fork).
    pub chain: &'a ChainSpec,
    /// Block values the EVM sees.
    pub block: BlockParams,
}

impl<'a> CallEnv<'a> {
    /// A call on top of the state after `header`, seeing `header`'s block values (geth's
    /// behaviour for `latest` and numbered blocks).
    pub fn at(chain: &'a ChainSpec, header: &Header) -> Self {
        Self {
            chain,
            block: BlockParams {
                number: header.number,
                timestamp: header.timestamp,
                gas_limit: header.gas_limit,
                base_fee: header.base_fee_per_gas.unwrap_or_default(),
                prev_randao: header.mix_hash,
            },
        }
    }
}

/// A call as `eth_call` / `eth_estimateGas` receive it (`TransactionRequest`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallRequest {
    /// Sender; zero address when absent.
    pub from: Option<Address>,
    /// Callee; `None` creates a contract.
    pub to: Option<Address>,
    /// Gas limit; [`CALL_GAS_CAP`] (call) or the block gas limit (estimate) when absent.
    pub gas: Option<u64>,
    /// Legacy gas price.
    pub gas_price: Option<u128>,
    /// EIP-1559 max fee per gas.
    pub max_fee_per_gas: Option<u128>,
    /// EIP-1559 max priority fee per gas.
    pub max_priority_fee_per_gas: Option<u128>,
    /// Value in wei.
    pub value: Option<U256>,
    /// Calldata (or init code).
    pub input: Bytes,
    /// EIP-2930 access list.
    pub access_list: Option<AccessList>,
    /// Nonce; the nonce check is skipped when absent.
    pub nonce: Option<u64>,
    /// EIP-7702 authorizations.
    pub authorization_list: Option<Vec<SignedAuthorization>>,
}

/// Per-account state override (`eth_call`'s third parameter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountOverride {
    /// Replace the balance.
    pub balance: Option<U256>,
    /// Replace the nonce.
    pub nonce: Option<u64>,
    /// Replace the code.
    pub code: Option<Bytes>,
    /// Replace the whole storage with these slots.
    pub state: Option<BTreeMap<B256, B256>>,
    /// Patch these slots.
    pub state_diff: Option<BTreeMap<B256, B256>>,
}

/// State overrides by address.
pub type StateOverrides = BTreeMap<Address, AccountOverride>;

/// Result of `eth_call`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    /// The call returned normally.
    pub success: bool,
    /// Return data (on success) or revert data (on revert); empty on a halt.
    pub output: Bytes,
    /// Gas used (after refunds).
    pub gas_used: u64,
    /// Revert data when the call reverted (`REVERT`), `None` otherwise.
    pub revert: Option<Bytes>,
    /// Why execution halted (out of gas, invalid opcode, …), `None` unless it halted.
    pub halt: Option<String>,
    /// Logs the call emitted (empty unless it succeeded).
    pub logs: Vec<Log>,
}

/// Result of `eth_createAccessList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessListOutcome {
    /// Accounts and slots the call touches (without sender, callee and precompiles).
    pub access_list: AccessList,
    /// Gas used by the call with that access list.
    pub gas_used: u64,
    /// The call with the list, for its success and revert data.
    pub outcome: CallOutcome,
}

/// Why a call could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The request itself is malformed.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The call is not a valid transaction (nonce, funds, fees, intrinsic gas, …).
    #[error(transparent)]
    Invalid(#[from] TxExecError),
    /// The call reverts at every gas limit (estimate); `data` is the revert data.
    #[error("execution reverted{}", revert_reason(.data).map(|r| format!(": {r}")).unwrap_or_default())]
    Reverted {
        /// Revert data.
        data: Bytes,
    },
    /// The call halts at every gas limit (estimate).
    #[error("gas required exceeds allowance ({cap})")]
    GasRequiredExceedsAllowance {
        /// The highest gas tried.
        cap: u64,
    },
    /// The call halts for a reason other than gas at the highest limit (estimate).
    #[error("execution failed: {0}")]
    Halted(String),
}

/// `Error(string)` / `Panic(uint256)` revert data as text, if it is either.
pub fn revert_reason(data: &[u8]) -> Option<String> {
    const ERROR: [u8; 4] = [0x08, 0xc3, 0x79, 0xa0];
    const PANIC: [u8; 4] = [0x4e, 0x48, 0x7b, 0x71];
    let (selector, body) = (data.get(..4)?, data.get(4..)?);
    if selector == PANIC {
        let code = U256::try_from_be_slice(body.get(..32)?)?;
        return Some(format!("panic: {code:#x}"));
    }
    if selector != ERROR {
        return None;
    }
    let word = |at: usize| -> Option<usize> {
        usize::try_from(U256::try_from_be_slice(body.get(at..at.checked_add(32)?)?)?).ok()
    };
    let offset = word(0)?;
    let len = word(offset)?;
    let start = offset.checked_add(32)?;
    let bytes = body.get(start..start.checked_add(len)?)?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

fn call_cfg(env: &CallEnv<'_>, req: &CallRequest) -> CfgEnv<OpSpecId> {
    let mut cfg = cfg_env(env.chain);
    // geth: zero prices count as "no fee" too.
    let fee_given = req.gas_price.is_some_and(|p| p > 0)
        || req.max_fee_per_gas.is_some_and(|p| p > 0)
        || req.max_priority_fee_per_gas.is_some_and(|p| p > 0);
    // geth: a call without a fee is free, so the base-fee floor does not apply.
    cfg.disable_base_fee = !fee_given;
    cfg.disable_nonce_check = req.nonce.is_none();
    // geth's calls skip the "sender is an EOA" rule (contracts and delegated accounts can call).
    cfg.disable_eip3607 = true;
    // The call's gas is bounded by CALL_GAS_CAP, not by the block.
    cfg.disable_block_gas_limit = true;
    cfg
}

fn call_tx(env: &CallEnv<'_>, req: &CallRequest, gas_limit: u64) -> OpTransaction<TxEnv> {
    let authorization_list: Vec<_> = req
        .authorization_list
        .iter()
        .flatten()
        .cloned()
        .map(Either::Left)
        .collect();
    let (tx_type, gas_price, gas_priority_fee) = if req.authorization_list.is_some() {
        (
            4,
            req.max_fee_per_gas.or(req.gas_price).unwrap_or(0),
            req.max_priority_fee_per_gas.or(Some(0)),
        )
    } else if let Some(max_fee) = req.max_fee_per_gas {
        (2, max_fee, req.max_priority_fee_per_gas.or(Some(0)))
    } else if req.max_priority_fee_per_gas.is_some() {
        (2, req.gas_price.unwrap_or(0), req.max_priority_fee_per_gas)
    } else if req.access_list.is_some() {
        (1, req.gas_price.unwrap_or(0), None)
    } else {
        (0, req.gas_price.unwrap_or(0), None)
    };
    let base = TxEnv {
        tx_type,
        caller: req.from.unwrap_or_default(),
        gas_limit,
        gas_price,
        kind: req.to.map_or(TxKind::Create, TxKind::Call),
        value: req.value.unwrap_or_default(),
        data: req.input.clone(),
        nonce: req.nonce.unwrap_or_default(),
        chain_id: Some(env.chain.chain_id),
        access_list: req.access_list.clone().unwrap_or_default(),
        gas_priority_fee,
        blob_hashes: Vec::new(),
        max_fee_per_blob_gas: 0,
        authorization_list,
    };
    // No signed bytes exist for a call; an empty envelope prices the L1 data fee at zero.
    OpTransaction {
        base,
        enveloped_tx: Some(Bytes::new()),
        deposit: DepositTransactionParts::default(),
    }
}

fn prepare_db<S: StateReader>(
    state: S,
    overrides: &StateOverrides,
) -> Result<StateDb<S>, CallError> {
    let mut db = StateDb::new(state);
    for (address, o) in overrides {
        if o.state.is_some() && o.state_diff.is_some() {
            return Err(CallError::InvalidRequest(format!(
                "account {address} has both 'state' and 'stateDiff'"
            )));
        }
        db.apply_override(
            *address,
            o.balance,
            o.nonce,
            o.code.clone(),
            o.state.as_ref(),
            o.state_diff.as_ref(),
        )
        .map_err(|e| CallError::Invalid(TxExecError::State(e.to_string())))?;
    }
    Ok(db)
}

fn to_outcome(result: ExecutionResult<OpHaltReason>) -> CallOutcome {
    let gas_used = result.tx_gas_used();
    match result {
        ExecutionResult::Success { logs, output, .. } => CallOutcome {
            success: true,
            output: output.into_data(),
            gas_used,
            revert: None,
            halt: None,
            logs,
        },
        ExecutionResult::Revert { output, .. } => CallOutcome {
            success: false,
            output: output.clone(),
            gas_used,
            revert: Some(output),
            halt: None,
            logs: Vec::new(),
        },
        ExecutionResult::Halt { reason, .. } => CallOutcome {
            success: false,
            output: Bytes::new(),
            gas_used,
            revert: None,
            halt: Some(halt_text(&reason)),
            logs: Vec::new(),
        },
    }
}

fn halt_text(reason: &OpHaltReason) -> String {
    match reason {
        OpHaltReason::Base(HaltReason::OutOfGas(_)) => "out of gas".into(),
        OpHaltReason::Base(other) => format!("{other:?}"),
        OpHaltReason::FailedDeposit => "failed deposit".into(),
    }
}

fn is_out_of_gas(outcome: &CallOutcome) -> bool {
    outcome.halt.as_deref() == Some("out of gas")
}

fn map_err(e: EVMError<DbError, OpTransactionError>) -> CallError {
    CallError::Invalid(match e {
        EVMError::Transaction(OpTransactionError::Base(invalid)) => {
            TxExecError::from_invalid(&invalid)
        }
        EVMError::Transaction(other) => TxExecError::Invalid(other.to_string()),
        EVMError::Database(db) => TxExecError::State(db.to_string()),
        EVMError::Header(h) => TxExecError::Internal(h.to_string()),
        EVMError::Custom(s) => TxExecError::Internal(s),
        EVMError::CustomAny(s) => TxExecError::Internal(s.to_string()),
    })
}

/// One run of `tx` on `evm` (state is not committed, so runs can repeat).
fn run<S: StateReader>(
    evm: &mut LumioEvm<StateDb<S>>,
    tx: OpTransaction<TxEnv>,
) -> Result<CallOutcome, CallError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| evm.transact(tx))) {
        Ok(Ok(out)) => Ok(to_outcome(out.result)),
        Ok(Err(e)) => Err(map_err(e)),
        Err(_) => {
            let _ = evm.finalize();
            Err(CallError::Invalid(TxExecError::Internal(
                "EVM panicked during call".into(),
            )))
        }
    }
}

/// `eth_call`: runs `req` on `state` (with `overrides`) in the block `env`; nothing is kept.
pub fn call<S: StateReader>(
    state: S,
    env: &CallEnv<'_>,
    req: &CallRequest,
    overrides: &StateOverrides,
) -> Result<CallOutcome, CallError> {
    let db = prepare_db(state, overrides)?;
    let gas = req.gas.unwrap_or(CALL_GAS_CAP).min(CALL_GAS_CAP);
    let mut evm = build_evm(db, call_cfg(env, req), &env.block);
    run(&mut evm, call_tx(env, req, gas))
}

/// `eth_estimateGas`: the smallest gas limit (within 0.5% above it) at which `req` succeeds,
/// by binary search like geth. Errors with the revert data when the call fails at the highest
/// limit.
pub fn estimate_gas<S: StateReader>(
    state: S,
    env: &CallEnv<'_>,
    req: &CallRequest,
    overrides: &StateOverrides,
) -> Result<u64, CallError> {
    let mut db = prepare_db(state, overrides)?;
    let mut hi = req.gas.unwrap_or(env.block.gas_limit).min(CALL_GAS_CAP);

    // A plain transfer to an account without code costs exactly the intrinsic gas.
    if let Some(to) = req.to {
        let has_code = db
            .account(to)
            .map_err(|e| CallError::Invalid(TxExecError::State(e.to_string())))?
            .is_some_and(|a| a.code_hash != lumio_primitives::state::KECCAK_EMPTY);
        if req.input.is_empty()
            && !has_code
            && req.access_list.as_ref().is_none_or(|l| l.0.is_empty())
            && req.authorization_list.is_none()
            && hi >= TRANSFER_GAS
        {
            // Still validate (nonce, funds) once at the intrinsic cost.
            let mut evm = build_evm(db, call_cfg(env, req), &env.block);
            let outcome = run(&mut evm, call_tx(env, req, TRANSFER_GAS))?;
            return if outcome.success {
                Ok(TRANSFER_GAS)
            } else {
                Err(failure(&outcome, hi))
            };
        }
    }

    // With a fee, the sender's balance bounds the gas it can buy.
    let price = req.max_fee_per_gas.or(req.gas_price).unwrap_or(0);
    if price > 0 {
        let from = req.from.unwrap_or_default();
        let balance = db
            .account(from)
            .map_err(|e| CallError::Invalid(TxExecError::State(e.to_string())))?
            .map(|a| a.balance)
            .unwrap_or_default();
        let available = balance.saturating_sub(req.value.unwrap_or_default()) / U256::from(price);
        hi = hi.min(u64::try_from(available).unwrap_or(u64::MAX));
    }

    let mut evm = build_evm(db, call_cfg(env, req), &env.block);
    let first = run(&mut evm, call_tx(env, req, hi))?;
    if !first.success {
        return Err(failure(&first, hi));
    }
    // Gas used is a lower bound minus one (refunds make the need higher than the use).
    let mut lo = first.gas_used.saturating_sub(1);
    // geth's optimistic guess: what the call used plus the 63/64 reserve usually suffices.
    let optimistic = (first.gas_used + 2_300).saturating_mul(64) / 63;
    if optimistic < hi {
        match run(&mut evm, call_tx(env, req, optimistic)) {
            Ok(o) if o.success => hi = optimistic,
            Ok(_) | Err(CallError::Invalid(TxExecError::Invalid(_))) => lo = optimistic,
            Err(e) => return Err(e),
        }
    }
    while lo + 1 < hi {
        // Stop within 0.5% of the answer (geth uses 1.5%).
        if (hi - lo) * 1000 / hi < 5 {
            break;
        }
        let mid = lo + (hi - lo) / 2;
        match run(&mut evm, call_tx(env, req, mid)) {
            Ok(o) if o.success => hi = mid,
            // Failing at a lower limit, or below intrinsic gas: needs more.
            Ok(_) | Err(CallError::Invalid(TxExecError::Invalid(_))) => lo = mid,
            Err(e) => return Err(e),
        }
    }
    Ok(hi)
}

fn failure(outcome: &CallOutcome, cap: u64) -> CallError {
    if let Some(data) = &outcome.revert {
        CallError::Reverted { data: data.clone() }
    } else if is_out_of_gas(outcome) {
        CallError::GasRequiredExceedsAllowance { cap }
    } else {
        CallError::Halted(outcome.halt.clone().unwrap_or_default())
    }
}

/// `eth_createAccessList`: the accounts and slots `req` touches, found by running it until the
/// list stops changing (like geth), and the gas used with that list.
pub fn create_access_list<S: StateReader>(
    state: S,
    env: &CallEnv<'_>,
    req: &CallRequest,
    overrides: &StateOverrides,
) -> Result<AccessListOutcome, CallError> {
    let mut db = prepare_db(state, overrides)?;
    let gas = req.gas.unwrap_or(CALL_GAS_CAP).min(CALL_GAS_CAP);
    let from = req.from.unwrap_or_default();
    let spec = lumio_evm::op_spec(env.chain.hardfork);
    let mut excluded: BTreeSet<Address> = BTreeSet::from([from]);
    match req.to {
        Some(to) => {
            excluded.insert(to);
        }
        None => {
            let nonce = match req.nonce {
                Some(n) => n,
                None => db
                    .account(from)
                    .map_err(|e| CallError::Invalid(TxExecError::State(e.to_string())))?
                    .map_or(0, |a| a.nonce),
            };
            excluded.insert(from.create(nonce));
        }
    }
    let precompiles = OpPrecompiles::new_with_spec(spec);
    excluded.extend(<OpPrecompiles as PrecompileProvider<
        lumio_evm::op_revm::OpContext<StateDb<S>>,
    >>::warm_addresses(&precompiles));

    let mut req = req.clone();
    let mut list = req.access_list.clone().unwrap_or_default();
    let mut evm = build_evm_with_inspector(
        db,
        call_cfg(env, &req),
        &env.block,
        AccessListInspector::default(),
    );
    // Each round can only add entries; a handful of rounds reaches the fixed point.
    for _ in 0..8 {
        req.access_list = Some(list.clone());
        evm.0.inspector = AccessListInspector::new(excluded.clone(), &list);
        let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            evm.inspect_tx(call_tx(env, &req, gas))
        })) {
            Ok(Ok(out)) => to_outcome(out.result),
            Ok(Err(e)) => return Err(map_err(e)),
            Err(_) => {
                let _ = evm.finalize();
                return Err(CallError::Invalid(TxExecError::Internal(
                    "EVM panicked during access-list trace".into(),
                )));
            }
        };
        let traced = evm.0.inspector.access_list();
        if traced == list {
            return Ok(AccessListOutcome {
                access_list: list,
                gas_used: result.gas_used,
                outcome: result,
            });
        }
        list = traced;
    }
    // Did not settle (pathological): report the last list with a final measured run.
    req.access_list = Some(list.clone());
    let outcome = run_plain(&mut evm, call_tx(env, &req, gas))?;
    Ok(AccessListOutcome {
        access_list: list,
        gas_used: outcome.gas_used,
        outcome,
    })
}

fn run_plain<S: StateReader>(
    evm: &mut LumioEvm<StateDb<S>, AccessListInspector>,
    tx: OpTransaction<TxEnv>,
) -> Result<CallOutcome, CallError> {
    match evm.transact(tx) {
        Ok(out) => Ok(to_outcome(out.result)),
        Err(e) => Err(map_err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumio_evm::revm::context_interface::result::OutOfGasError;

    #[test]
    fn revert_reasons_decode() {
        // Error("nope")
        let mut data = vec![0x08, 0xc3, 0x79, 0xa0];
        data.extend_from_slice(&U256::from(32).to_be_bytes::<32>());
        data.extend_from_slice(&U256::from(4).to_be_bytes::<32>());
        let mut word = [0u8; 32];
        word[..4].copy_from_slice(b"nope");
        data.extend_from_slice(&word);
        assert_eq!(revert_reason(&data).as_deref(), Some("nope"));
        // Truncated and hostile inputs yield None, never a panic.
        for len in 0..data.len() {
            let _ = revert_reason(&data[..len]);
        }
        let mut hostile = vec![0x08, 0xc3, 0x79, 0xa0];
        hostile.extend_from_slice(&[0xff; 64]);
        assert_eq!(revert_reason(&hostile), None);
        let mut panic = vec![0x4e, 0x48, 0x7b, 0x71];
        panic.extend_from_slice(&U256::from(0x11).to_be_bytes::<32>());
        assert_eq!(revert_reason(&panic).as_deref(), Some("panic: 0x11"));
        assert_eq!(revert_reason(b"xx"), None);
    }

    #[test]
    fn out_of_gas_is_recognised() {
        let o = to_outcome(ExecutionResult::Halt {
            reason: OpHaltReason::Base(HaltReason::OutOfGas(OutOfGasError::Basic)),
            gas: Default::default(),
            logs: Vec::new(),
        });
        assert!(is_out_of_gas(&o));
    }
}
