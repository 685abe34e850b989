//! `eth_subscribe` over WebSocket: `newHeads`, `logs`, `newPendingTransactions`.

use crate::{
    context::{ChainEvent, EthContext},
    convert,
};
use alloy_rpc_types_eth::Filter;
use jsonrpsee::{
    PendingSubscriptionSink, core::SubscriptionResult, proc_macros::rpc, types::ErrorObjectOwned,
};
use serde_json::value::{RawValue, to_raw_value};
use tokio::sync::broadcast::error::RecvError;

/// The pub-sub namespace.
#[rpc(server)]
pub(crate) trait PubSubApi {
    #[subscription(name = "eth_subscribe" => "eth_subscription", unsubscribe = "eth_unsubscribe", item = serde_json::Value)]
    async fn subscribe(
        &self,
        kind: String,
        params: Option<serde_json::Value>,
    ) -> SubscriptionResult;
}

#[derive(Debug)]
enum Kind {
    NewHeads,
    Logs(Box<Filter>),
    PendingTransactions { full: bool },
}

fn parse_kind(kind: &str, params: Option<serde_json::Value>) -> Result<Kind, String> {
    match kind {
        "newHeads" => Ok(Kind::NewHeads),
        "logs" => {
            let filter = match params {
                None => Filter::default(),
                Some(v) => {
                    serde_json::from_value(v).map_err(|e| format!("invalid log filter: {e}"))?
                }
            };
            Ok(Kind::Logs(Box::new(filter)))
        }
        "newPendingTransactions" => {
            let full = match params {
                None => false,
                Some(serde_json::Value::Bool(b)) => b,
                Some(other) => return Err(format!("invalid params: {other}")),
            };
            Ok(Kind::PendingTransactions { full })
        }
        other => Err(format!("unsupported subscription kind: {other}")),
    }
}

/// Subscription handler.
#[derive(Debug, Clone)]
pub(crate) struct PubSub {
    pub(crate) ctx: EthContext,
}

impl PubSub {
    fn items(&self, kind: &Kind, event: &ChainEvent) -> Vec<Box<RawValue>> {
        let mut out = Vec::new();
        match (kind, event) {
            (Kind::NewHeads, ChainEvent::NewBlock(mined)) => {
                out.extend(to_raw_value(&convert::rpc_header(&mined.block)).ok());
            }
            (Kind::Logs(filter), ChainEvent::NewBlock(mined))
                if filter.matches_bloom(mined.block.header.logs_bloom) =>
            {
                let mut logs = Vec::new();
                // A subscription is not limited by max_logs beyond one block's worth.
                let _ =
                    self.ctx
                        .collect_block_logs(filter, &mined.block, &mined.receipts, &mut logs);
                out.extend(logs.iter().filter_map(|l| to_raw_value(l).ok()));
            }
            (Kind::Logs(filter), ChainEvent::Reverted(blocks)) => {
                let logs = self.ctx.removed_logs(filter, blocks);
                out.extend(logs.iter().filter_map(|l| to_raw_value(l).ok()));
            }
            (Kind::PendingTransactions { full }, ChainEvent::PendingTransaction(hash)) => {
                if *full {
                    let tx = self.ctx.pool.lock().get(hash);
                    if let Some(tx) = tx {
                        let rpc =
                            convert::rpc_transaction(tx.envelope.clone(), tx.sender, None, None);
                        out.extend(to_raw_value(&rpc).ok());
                    }
                } else {
                    out.extend(to_raw_value(hash).ok());
                }
            }
            _ => {}
        }
        out
    }
}

#[jsonrpsee::core::async_trait]
impl PubSubApiServer for PubSub {
    async fn subscribe(
        &self,
        pending: PendingSubscriptionSink,
        kind: String,
        params: Option<serde_json::Value>,
    ) -> SubscriptionResult {
        let kind = match parse_kind(&kind, params) {
            Ok(kind) => kind,
            Err(msg) => {
                pending
                    .reject(ErrorObjectOwned::owned(
                        crate::error::INVALID_PARAMS,
                        msg,
                        None::<()>,
                    ))
                    .await;
                return Ok(());
            }
        };
        let mut events = self.ctx.events.subscribe();
        let sink = pending.accept().await?;
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = sink.closed() => break,
                    event = events.recv() => match event {
                        Ok(event) => {
                            for item in this.items(&kind, &event) {
                                if sink.send(item).await.is_err() {
                                    return;
                                }
                            }
                        }
                        Err(RecvError::Lagged(skipped)) => {
                            tracing::warn!(skipped, "subscriber lagged; events dropped");
                        }
                        Err(RecvError::Closed) => break,
                    }
                }
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn subscription_kinds() {
        assert!(matches!(parse_kind("newHeads", None), Ok(Kind::NewHeads)));
        assert!(matches!(
            parse_kind("newPendingTransactions", None),
            Ok(Kind::PendingTransactions { full: false })
        ));
        assert!(matches!(
            parse_kind("newPendingTransactions", Some(json!(true))),
            Ok(Kind::PendingTransactions { full: true })
        ));
        assert!(parse_kind("newPendingTransactions", Some(json!("yes"))).is_err());
        let Ok(Kind::Logs(f)) = parse_kind(
            "logs",
            Some(json!({"address": "0x0000000000000000000000000000000000000001"})),
        ) else {
            panic!("logs filter");
        };
        assert!(f.matches_address(alloy_primitives::Address::with_last_byte(1)));
        assert!(!f.matches_address(alloy_primitives::Address::with_last_byte(2)));
        assert!(matches!(parse_kind("logs", None), Ok(Kind::Logs(_))));
        let err = parse_kind("logs", Some(json!({"address": 5}))).unwrap_err();
        assert!(err.starts_with("invalid log filter"), "{err}");
        let err = parse_kind("syncing", None).unwrap_err();
        assert_eq!(err, "unsupported subscription kind: syncing");
    }
}
