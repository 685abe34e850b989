//! From alloy's RPC request types to the executor's call types.

use crate::error::{RpcError, RpcResult};
use alloy_primitives::TxKind;
use alloy_rpc_types_eth::{TransactionRequest, state::StateOverride};
use lumio_execution::{AccountOverride, CallRequest, StateOverrides};

/// An `eth_call` / `eth_estimateGas` request, with the gas limit capped at `gas_cap`.
pub(crate) fn call_request(req: &TransactionRequest, gas_cap: u64) -> RpcResult<CallRequest> {
    let input = req.input.input().cloned().unwrap_or_default();
    if let (Some(a), Some(b)) = (&req.input.input, &req.input.data)
        && a != b
    {
        return Err(RpcError::InvalidParams(
                "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass transaction call data".into(),
            ));
    }
    let to = match req.to {
        Some(TxKind::Call(to)) => Some(to),
        Some(TxKind::Create) | None => None,
    };
    Ok(CallRequest {
        from: req.from,
        to,
        gas: Some(req.gas.unwrap_or(gas_cap).min(gas_cap)),
        gas_price: req.gas_price,
        max_fee_per_gas: req.max_fee_per_gas,
        max_priority_fee_per_gas: req.max_priority_fee_per_gas,
        value: req.value,
        input,
        access_list: req.access_list.clone(),
        nonce: req.nonce,
        authorization_list: req.authorization_list.clone(),
    })
}

/// State overrides in the executor's form.
pub(crate) fn state_overrides(overrides: Option<StateOverride>) -> StateOverrides {
    overrides
        .unwrap_or_default()
        .into_iter()
        .map(|(address, o)| {
            let account = AccountOverride {
                balance: o.balance,
                nonce: o.nonce,
                code: o.code,
                state: o.state.map(|m| m.into_iter().collect()),
                state_diff: o.state_diff.map(|m| m.into_iter().collect()),
            };
            (address, account)
        })
        .collect()
}
