//! Starting the HTTP + WebSocket server.

use crate::{
    api::EthApiServer,
    context::EthContext,
    dev::DevApiServer,
    filters::{FilterApiServer, Filters},
    ingest::{IngestLayer, IngestPool},
    pubsub::{PubSub, PubSubApiServer},
};
use jsonrpsee::{
    RpcModule,
    server::{
        BatchRequestConfig, Server, ServerConfig, ServerHandle, middleware::rpc::RpcServiceBuilder,
    },
};
use std::net::SocketAddr;
use tower_http::cors::CorsLayer;

/// Starts the Ethereum JSON-RPC server (HTTP and WebSocket on the same port).
pub async fn start_server(
    addr: SocketAddr,
    ctx: EthContext,
) -> std::io::Result<(SocketAddr, ServerHandle)> {
    let cfg = &ctx.config;
    let server_cfg = ServerConfig::builder()
        .max_request_body_size(cfg.max_request_body_size)
        .max_response_body_size(cfg.max_response_body_size)
        .max_connections(cfg.max_connections)
        .set_batch_request_config(BatchRequestConfig::Limit(cfg.max_batch_size))
        .build();
    let middleware = tower::ServiceBuilder::new().layer(CorsLayer::permissive());
    // Raw transactions are decoded and their senders recovered on threads of their own, a
    // batch's all at once (see `crate::ingest`).
    let pool_config = ctx.pool.lock().config().clone();
    let ingest = IngestLayer::new(IngestPool::new(ctx.spec.chain_id, pool_config)?);
    let server = Server::builder()
        .set_config(server_cfg)
        .set_http_middleware(middleware)
        .set_rpc_middleware(RpcServiceBuilder::new().layer(ingest))
        .build(addr)
        .await?;
    let local = server.local_addr()?;
    let module = rpc_module(ctx).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok((local, server.start(module)))
}

/// All namespaces in one module (served by [`start_server`]; tests call it in-process with
/// `RpcModule::raw_json_request`).
pub fn rpc_module(ctx: EthContext) -> Result<RpcModule<()>, jsonrpsee::core::RegisterMethodError> {
    let mut module = RpcModule::new(());
    module.merge(EthApiServer::into_rpc(ctx.clone()))?;
    module.merge(DevApiServer::into_rpc(ctx.clone()))?;
    module.merge(Filters::new(ctx.clone()).into_rpc())?;
    module.merge(PubSub { ctx }.into_rpc())?;
    Ok(module)
}
