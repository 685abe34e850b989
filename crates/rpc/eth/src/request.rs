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

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, B256, Bytes, U256};
    use alloy_rpc_types_eth::{TransactionInput, state::AccountOverride as RpcAccountOverride};

    fn req(input: Option<&'static [u8]>, data: Option<&'static [u8]>) -> TransactionRequest {
        TransactionRequest {
            input: TransactionInput {
                input: input.map(Bytes::from_static),
                data: data.map(Bytes::from_static),
            },
            ..Default::default()
        }
    }

    #[test]
    fn gas_is_capped_and_defaults_to_the_cap() {
        let mut r = req(None, None);
        assert_eq!(call_request(&r, 1000).unwrap().gas, Some(1000));
        r.gas = Some(500);
        assert_eq!(call_request(&r, 1000).unwrap().gas, Some(500));
        r.gas = Some(5000);
        assert_eq!(call_request(&r, 1000).unwrap().gas, Some(1000));
    }

    #[test]
    fn input_and_data() {
        assert_eq!(
            call_request(&req(Some(b"\x01"), None), 1).unwrap().input,
            Bytes::from_static(b"\x01")
        );
        assert_eq!(
            call_request(&req(None, Some(b"\x02")), 1).unwrap().input,
            Bytes::from_static(b"\x02")
        );
        // Equal: fine. Different: geth's invalid-params error.
        assert!(call_request(&req(Some(b"\x03"), Some(b"\x03")), 1).is_ok());
        let err = call_request(&req(Some(b"\x03"), Some(b"\x04")), 1).unwrap_err();
        assert!(
            matches!(err, RpcError::InvalidParams(m) if m.contains("both \"data\" and \"input\""))
        );
        assert!(call_request(&req(None, None), 1).unwrap().input.is_empty());
    }

    #[test]
    fn to_create_and_call() {
        let mut r = req(None, None);
        assert_eq!(call_request(&r, 1).unwrap().to, None);
        r.to = Some(TxKind::Create);
        assert_eq!(call_request(&r, 1).unwrap().to, None);
        r.to = Some(TxKind::Call(Address::with_last_byte(7)));
        assert_eq!(
            call_request(&r, 1).unwrap().to,
            Some(Address::with_last_byte(7))
        );
    }

    #[test]
    fn state_overrides_keep_every_field() {
        assert!(state_overrides(None).is_empty());
        let a = Address::with_last_byte(1);
        let mut o = StateOverride::default();
        o.insert(
            a,
            RpcAccountOverride {
                balance: Some(U256::from(5)),
                nonce: Some(3),
                code: Some(Bytes::from_static(b"\x60\x00")),
                state_diff: Some(
                    [(B256::with_last_byte(1), B256::with_last_byte(2))]
                        .into_iter()
                        .collect(),
                ),
                ..Default::default()
            },
        );
        let out = state_overrides(Some(o));
        let got = &out[&a];
        assert_eq!(got.balance, Some(U256::from(5)));
        assert_eq!(got.nonce, Some(3));
        assert_eq!(got.code, Some(Bytes::from_static(b"\x60\x00")));
        assert!(got.state.is_none());
        assert_eq!(got.state_diff.as_ref().unwrap().len(), 1);
    }
}
