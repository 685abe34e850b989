//! anvil-style dev helpers (`evm_mine`, `evm_snapshot`, `evm_revert`, `anvil_setBalance`,
//! `anvil_mine`) and signing for `eth_sendTransaction` with the unlocked dev accounts.

use crate::{
    context::{DevCommand, EthContext},
    error::{RpcError, RpcResult},
};
use alloy_consensus::{SignableTransaction, TxEip1559, TxLegacy};
use alloy_eips::{BlockId, BlockNumberOrTag, eip2718::Encodable2718};
use alloy_network::TxSignerSync;
use alloy_primitives::{Address, Bytes, TxKind, U64, U256};
use alloy_rpc_types_eth::TransactionRequest;
use jsonrpsee::{core::RpcResult as JsonRpcResult, proc_macros::rpc};
use op_alloy_consensus::OpTxEnvelope;
use serde::Deserialize;
use tokio::sync::oneshot;

/// `evm_mine` params: nothing, a timestamp, or `{ "blocks": n, "timestamp": t }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum MineParams {
    /// A timestamp for the block.
    Timestamp(U64),
    /// Options object.
    Options {
        /// Number of blocks.
        blocks: Option<U64>,
        /// Timestamp of the first block.
        timestamp: Option<U64>,
    },
}

/// Dev namespace.
#[rpc(server)]
pub(crate) trait DevApi {
    #[method(name = "evm_mine")]
    async fn evm_mine(&self, params: Option<MineParams>) -> JsonRpcResult<String>;
    #[method(name = "anvil_mine")]
    async fn anvil_mine(&self, blocks: Option<U64>, interval: Option<U64>) -> JsonRpcResult<()>;
    #[method(name = "evm_snapshot")]
    async fn evm_snapshot(&self) -> JsonRpcResult<U256>;
    #[method(name = "evm_revert")]
    async fn evm_revert(&self, id: U256) -> JsonRpcResult<bool>;
    #[method(name = "anvil_setBalance")]
    async fn set_balance(&self, address: Address, balance: U256) -> JsonRpcResult<()>;
}

async fn request<T>(
    ctx: &EthContext,
    make: impl FnOnce(oneshot::Sender<Result<T, String>>) -> DevCommand,
) -> RpcResult<T> {
    let (tx, rx) = oneshot::channel();
    ctx.commands
        .send(make(tx))
        .await
        .map_err(|_| RpcError::Internal("sequencer is not running".into()))?;
    rx.await
        .map_err(|_| RpcError::Internal("sequencer dropped the request".into()))?
        .map_err(RpcError::ExecutionFailed)
}

#[jsonrpsee::core::async_trait]
impl DevApiServer for EthContext {
    async fn evm_mine(&self, params: Option<MineParams>) -> JsonRpcResult<String> {
        let (blocks, timestamp) = match params {
            None => (1, None),
            Some(MineParams::Timestamp(t)) => (1, Some(t.to::<u64>())),
            Some(MineParams::Options { blocks, timestamp }) => (
                blocks.map_or(1, |b| b.to::<u64>()),
                timestamp.map(|t| t.to::<u64>()),
            ),
        };
        request(self, |reply| DevCommand::Mine {
            blocks,
            timestamp,
            reply,
        })
        .await?;
        Ok("0x0".to_owned())
    }

    async fn anvil_mine(&self, blocks: Option<U64>, _interval: Option<U64>) -> JsonRpcResult<()> {
        let blocks = blocks.map_or(1, |b| b.to::<u64>());
        request(self, |reply| DevCommand::Mine {
            blocks,
            timestamp: None,
            reply,
        })
        .await?;
        Ok(())
    }

    async fn evm_snapshot(&self) -> JsonRpcResult<U256> {
        Ok(request(self, |reply| DevCommand::Snapshot { reply }).await?)
    }

    async fn evm_revert(&self, id: U256) -> JsonRpcResult<bool> {
        Ok(request(self, |reply| DevCommand::Revert { id, reply }).await?)
    }

    async fn set_balance(&self, address: Address, balance: U256) -> JsonRpcResult<()> {
        Ok(request(self, |reply| DevCommand::SetBalance {
            address,
            balance,
            reply,
        })
        .await?)
    }
}

/// Held by `eth_sendTransaction` from nonce filling to pool insertion. Process-wide (not per
/// node) because it only serializes signing, which is cheap next to a script's round trips.
pub(crate) static SEND_LOCK: parking_lot::Mutex<()> = parking_lot::Mutex::new(());

/// Builds and signs a transaction for `eth_sendTransaction` with an unlocked dev account,
/// filling nonce, gas and fees like anvil does. Returns the EIP-2718 bytes.
pub(crate) fn sign_request(ctx: &EthContext, request: TransactionRequest) -> RpcResult<Bytes> {
    let from = request
        .from
        .ok_or_else(|| RpcError::InvalidParams("missing `from` for eth_sendTransaction".into()))?;
    let signer = ctx
        .signers
        .get(&from)
        .ok_or_else(|| RpcError::Rejected(format!("no unlocked account for {from}")))?;
    let nonce = match request.nonce {
        Some(n) => n,
        None => {
            let n = crate::api::EthApiServer::transaction_count(
                ctx,
                from,
                Some(BlockId::Number(BlockNumberOrTag::Pending)),
            )
            .map_err(|e| RpcError::Internal(e.message().to_owned()))?;
            n.to::<u64>()
        }
    };
    let gas_limit = match request.gas {
        Some(g) => g,
        None => {
            let number = ctx.latest_number()?;
            let header = ctx.header(number)?;
            let state = ctx.state_at(number)?;
            let req = crate::request::call_request(&request, ctx.config.gas_cap)?;
            let env = lumio_execution::CallEnv::at(&ctx.spec, &header);
            lumio_execution::estimate_gas(&state, &env, &req, &Default::default())
                .map_err(crate::api::call_error)?
        }
    };
    let to = request.to.unwrap_or(TxKind::Create);
    let input = request.input.input().cloned().unwrap_or_default();
    let value = request.value.unwrap_or_default();
    let chain_id = ctx.spec.chain_id;
    let sign_err = |e: alloy_signer::Error| RpcError::Internal(format!("signing failed: {e}"));
    let envelope = if let Some(gas_price) = request.gas_price {
        let mut tx = TxLegacy {
            chain_id: Some(chain_id),
            nonce,
            gas_price,
            gas_limit,
            to,
            value,
            input,
        };
        let sig = signer.sign_transaction_sync(&mut tx).map_err(sign_err)?;
        OpTxEnvelope::Legacy(tx.into_signed(sig))
    } else {
        let tip = request
            .max_priority_fee_per_gas
            .unwrap_or(ctx.config.suggested_priority_fee);
        let max_fee = request
            .max_fee_per_gas
            .unwrap_or_else(|| 2 * u128::from(ctx.next_base_fee().unwrap_or_default()) + tip);
        let mut tx = TxEip1559 {
            chain_id,
            nonce,
            gas_limit,
            max_fee_per_gas: max_fee,
            max_priority_fee_per_gas: tip,
            to,
            value,
            access_list: request.access_list.unwrap_or_default(),
            input,
        };
        let sig = signer.sign_transaction_sync(&mut tx).map_err(sign_err)?;
        OpTxEnvelope::Eip1559(tx.into_signed(sig))
    };
    Ok(envelope.encoded_2718().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mine_params_shapes() {
        let p: MineParams = serde_json::from_value(json!("0x10")).unwrap();
        assert!(matches!(p, MineParams::Timestamp(t) if t == U64::from(16)));
        let p: MineParams = serde_json::from_value(json!({"blocks": "0x3"})).unwrap();
        assert!(
            matches!(p, MineParams::Options { blocks: Some(b), timestamp: None } if b == U64::from(3))
        );
        let p: MineParams = serde_json::from_value(json!({})).unwrap();
        assert!(matches!(
            p,
            MineParams::Options {
                blocks: None,
                timestamp: None
            }
        ));
        assert!(serde_json::from_value::<MineParams>(json!([1])).is_err());
    }
}
