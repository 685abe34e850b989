//! Transaction ingest off the request path: decoding, sender recovery and the pool's stateless
//! checks of `eth_sendRawTransaction` run on a pool of threads of their own, all the
//! transactions of a JSON-RPC batch at once, spread over the cores.
//!
//! jsonrpsee runs the calls of a batch one after the other on one runtime worker, so a batch of
//! 1,000 raw transactions would recover 1,000 signatures (~42 µs each) on one core while the
//! other idles, and hold that worker meanwhile. [`IngestLayer`] is an RPC middleware that, before
//! a call or batch reaches the handlers, finds its `eth_sendRawTransaction` calls, prepares their
//! transactions in parallel on [`IngestPool`]'s threads (the worker only awaits), and attaches
//! each result to its call as a request extension ([`Prepared`]). The calls then run in their
//! original order, as before: each handler takes its prepared transaction and only does what
//! needs the chain and the pool (base fee check, pool admission under the pool lock), so two
//! transactions of one sender in one batch enter the pool in batch order, and error messages are
//! those of the same code run inline.
//!
//! A call without an extension (in-process `RpcModule` calls, a parameter shape the middleware
//! does not parse) prepares its transaction inline: same code, same outcome.

use alloy_primitives::Bytes;
use jsonrpsee::{
    Extensions,
    server::middleware::rpc::{Batch, BatchEntry, Notification, Request, RpcServiceT},
};
use lumio_txpool::{PoolConfig, PoolError, PooledTx};
use std::{
    future::Future,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::Arc,
};
use tokio::sync::oneshot;

/// The method whose calls are prepared ahead.
pub(crate) const SEND_RAW: &str = "eth_sendRawTransaction";

/// A raw transaction decoded and recovered, with the outcome of the pool's stateless checks; or
/// why it does not decode.
#[derive(Debug, Clone)]
pub(crate) enum PreparedTx {
    /// Decoded and recovered; `stateless` is `PoolConfig::check_stateless` of it.
    Ok {
        /// The transaction (boxed: the variants would differ in size by ~250 bytes).
        tx: Box<PooledTx>,
        /// Outcome of the stateless checks.
        stateless: Result<(), PoolError>,
    },
    /// The decoding / recovery error (geth's text).
    Invalid(String),
}

/// What the middleware attaches to an `eth_sendRawTransaction` call: the raw bytes it prepared
/// (the handler uses the result only for the same bytes) and the result.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// The raw transaction.
    pub(crate) raw: Bytes,
    /// What came of it.
    pub(crate) tx: PreparedTx,
}

impl Prepared {
    /// The prepared transaction of a call whose parameter is `raw`, if the middleware attached
    /// one for exactly these bytes.
    pub(crate) fn take(ext: &Extensions, raw: &Bytes) -> Option<PreparedTx> {
        ext.get::<Self>()
            .filter(|p| p.raw == *raw)
            .map(|p| p.tx.clone())
    }
}

/// Decodes, recovers and checks one raw transaction: the CPU-heavy part of
/// `eth_sendRawTransaction`, needing neither the chain nor the pool.
pub(crate) fn prepare(raw: &[u8], chain_id: u64, config: &PoolConfig) -> PreparedTx {
    match lumio_execution::decode_and_recover(raw, chain_id) {
        Ok(tx) => {
            let tx = PooledTx::new(tx.hash, tx.sender, tx.envelope, tx.encoded);
            let stateless = config.check_stateless(&tx);
            PreparedTx::Ok {
                tx: Box::new(tx),
                stateless,
            }
        }
        Err(err) => PreparedTx::Invalid(err.to_string()),
    }
}

/// The threads that prepare transactions: one per core (rayon work-stealing, so the
/// transactions of one batch and those of concurrent requests share all of them).
#[derive(Debug, Clone)]
pub(crate) struct IngestPool {
    threads: Arc<rayon::ThreadPool>,
    chain_id: u64,
    config: Arc<PoolConfig>,
}

impl IngestPool {
    /// One thread per core. `config` must be the pool's (its stateless checks are run here).
    pub(crate) fn new(chain_id: u64, config: PoolConfig) -> std::io::Result<Self> {
        let threads = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("ingest-{i}"))
            // throughput work: the block producer and the RPC workers go first
            .start_handler(|_| lumio_primitives::thread::lower_current_thread_priority())
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Self {
            threads: Arc::new(threads),
            chain_id,
            config: Arc::new(config),
        })
    }

    /// Prepares `raws` in parallel; `None` for one whose preparation panicked (its handler then
    /// prepares it inline and reports whatever happens there), or for all if the threads are
    /// gone.
    async fn prepare_all(&self, raws: Vec<Bytes>) -> Vec<Option<PreparedTx>> {
        use rayon::prelude::*;
        let (send, receive) = oneshot::channel();
        let (chain_id, config) = (self.chain_id, Arc::clone(&self.config));
        let count = raws.len();
        self.threads.spawn(move || {
            let prepared: Vec<Option<PreparedTx>> = raws
                .par_iter()
                .map(|raw| catch_unwind(AssertUnwindSafe(|| prepare(raw, chain_id, &config))).ok())
                .collect();
            let _ = send.send(prepared);
        });
        receive.await.unwrap_or_else(|_| vec![None; count])
    }
}

/// The RPC middleware layer (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct IngestLayer {
    pool: IngestPool,
}

impl IngestLayer {
    /// A layer preparing transactions on `pool`.
    pub(crate) const fn new(pool: IngestPool) -> Self {
        Self { pool }
    }
}

impl<S> tower::Layer<S> for IngestLayer {
    type Service = Ingest<S>;

    fn layer(&self, inner: S) -> Ingest<S> {
        Ingest {
            inner,
            pool: self.pool.clone(),
        }
    }
}

/// The middleware service of [`IngestLayer`].
#[derive(Debug, Clone)]
pub(crate) struct Ingest<S> {
    inner: S,
    pool: IngestPool,
}

/// The raw transaction parameter of an `eth_sendRawTransaction` call, when given the usual way
/// (a one-element array of hex bytes).
fn raw_param(req: &Request<'_>) -> Option<Bytes> {
    if req.method_name() != SEND_RAW {
        return None;
    }
    req.params().one::<Bytes>().ok()
}

impl<S> RpcServiceT for Ingest<S>
where
    S: RpcServiceT + Clone + Send + Sync + 'static,
{
    type MethodResponse = S::MethodResponse;
    type NotificationResponse = S::NotificationResponse;
    type BatchResponse = S::BatchResponse;

    fn call<'a>(
        &self,
        mut req: Request<'a>,
    ) -> impl Future<Output = Self::MethodResponse> + Send + 'a {
        let (inner, pool) = (self.inner.clone(), self.pool.clone());
        async move {
            if let Some(raw) = raw_param(&req) {
                let prepared = pool.prepare_all(vec![raw.clone()]).await;
                if let Some(Some(tx)) = prepared.into_iter().next() {
                    req.extensions_mut().insert(Prepared { raw, tx });
                }
            }
            inner.call(req).await
        }
    }

    fn batch<'a>(
        &self,
        mut batch: Batch<'a>,
    ) -> impl Future<Output = Self::BatchResponse> + Send + 'a {
        let (inner, pool) = (self.inner.clone(), self.pool.clone());
        async move {
            let mut slots = Vec::new();
            let mut raws = Vec::new();
            for (index, entry) in batch.iter().enumerate() {
                if let Ok(BatchEntry::Call(req)) = entry
                    && let Some(raw) = raw_param(req)
                {
                    slots.push(index);
                    raws.push(raw);
                }
            }
            if !raws.is_empty() {
                let prepared = pool.prepare_all(raws.clone()).await;
                let mut items = slots.into_iter().zip(raws.into_iter().zip(prepared));
                let mut next = items.next();
                for (index, entry) in batch.iter_mut().enumerate() {
                    let Some((slot, _)) = &next else { break };
                    if *slot != index {
                        continue;
                    }
                    if let (Some((_, (raw, Some(tx)))), Ok(BatchEntry::Call(req))) =
                        (next.take(), entry)
                    {
                        req.extensions_mut().insert(Prepared { raw, tx });
                    }
                    next = items.next();
                }
            }
            inner.batch(batch).await
        }
    }

    fn notification<'a>(
        &self,
        n: Notification<'a>,
    ) -> impl Future<Output = Self::NotificationResponse> + Send + 'a {
        self.inner.notification(n)
    }
}
