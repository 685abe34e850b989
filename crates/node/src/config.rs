//! Node configuration.

use lumio_primitives::Hardfork;
use lumio_rpc_eth::RpcConfig;
use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// Configuration of a dev node. Defaults follow ARCHITECTURE §7.
#[derive(Debug, Clone)]
pub struct DevConfig {
    /// Data directory; `None` = a fresh temporary directory removed at exit.
    pub datadir: Option<PathBuf>,
    /// Ethereum JSON-RPC listen address (HTTP + WS). Default 127.0.0.1:8545.
    pub http_addr: SocketAddr,
    /// EVM chain id. Default 9990.
    pub chain_id: u64,
    /// Hardfork. Default Isthmus.
    pub hardfork: Hardfork,
    /// Interval mining; `None` = instant mining (a block as soon as transactions are pending).
    pub block_time: Option<Duration>,
    /// Mnemonic of the dev accounts.
    pub mnemonic: String,
    /// Number of prefunded dev accounts. Default 10.
    pub accounts: u32,
    /// Balance of each dev account in ETH. Default 10,000.
    pub balance_eth: u64,
    /// Block gas limit. Default 30,000,000.
    pub gas_limit: u64,
    /// Max transactions per sender in the pool. Default 4096 (anvil has no limit; geth 16+).
    pub pool_account_slots: usize,
    /// Max transactions in the pool. Default 100,000.
    pub pool_size: usize,
    /// Database page cache in bytes (`StoreOptions::cache_bytes`). Default 1 GiB.
    pub db_cache_bytes: usize,
    /// RPC limits.
    pub rpc: RpcConfig,
    /// Print the anvil-style banner (accounts, keys, listen address) at start. Default true;
    /// benchmarks that run a node in-process turn it off.
    pub print_banner: bool,
}

impl Default for DevConfig {
    fn default() -> Self {
        Self {
            datadir: None,
            http_addr: SocketAddr::from(([127, 0, 0, 1], 8545)),
            chain_id: 9990,
            hardfork: Hardfork::Isthmus,
            block_time: None,
            mnemonic: crate::accounts::DEFAULT_MNEMONIC.to_owned(),
            accounts: 10,
            balance_eth: 10_000,
            gas_limit: 30_000_000,
            pool_account_slots: 4096,
            pool_size: 100_000,
            db_cache_bytes: 1 << 30,
            rpc: RpcConfig::default(),
            print_banner: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_ones() {
        let c = DevConfig::default();
        assert_eq!(c.http_addr, SocketAddr::from(([127, 0, 0, 1], 8545)));
        assert_eq!(c.chain_id, 9990);
        assert_eq!(c.hardfork, Hardfork::Isthmus);
        assert_eq!(c.block_time, None);
        assert_eq!(c.mnemonic, crate::DEFAULT_MNEMONIC);
        assert_eq!((c.accounts, c.balance_eth), (10, 10_000));
        assert_eq!(c.gas_limit, 30_000_000);
        assert_eq!((c.pool_account_slots, c.pool_size), (4096, 100_000));
        assert!(c.datadir.is_none());
        assert!(c.print_banner);
    }
}
