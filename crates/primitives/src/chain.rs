//! Chain specification and genesis.

use alloy_primitives::{Address, B256, Bytes, U256};
use serde::{Deserialize, Serialize};
use std::{collections::BTreeMap, fmt, str::FromStr};

/// OP Stack hardforks the node can run at. The EVM crate maps each to an `OpSpecId`.
///
/// Only forks whose header and fee rules the node implements are listed; Isthmus is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Hardfork {
    /// Holocene: EIP-1559 parameters in `extraData` (9 bytes).
    Holocene,
    /// Isthmus (Prague): EIP-7702, `requestsHash`, `withdrawalsRoot` = message-passer root.
    Isthmus,
    /// Jovian: 17-byte `extraData` with a minimum base fee, DA footprint in `blobGasUsed`.
    Jovian,
}

impl Hardfork {
    /// Lower-case name as accepted on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Holocene => "holocene",
            Self::Isthmus => "isthmus",
            Self::Jovian => "jovian",
        }
    }
}

impl fmt::Display for Hardfork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for an unknown hardfork name.
#[derive(Debug, thiserror::Error)]
#[error("unknown hardfork `{0}` (expected one of: holocene, isthmus, jovian)")]
pub struct UnknownHardfork(String);

impl FromStr for Hardfork {
    type Err = UnknownHardfork;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "holocene" => Ok(Self::Holocene),
            "isthmus" => Ok(Self::Isthmus),
            "jovian" => Ok(Self::Jovian),
            _ => Err(UnknownHardfork(s.to_owned())),
        }
    }
}

/// EIP-1559 parameters. OP since Canyon: denominator 250, elasticity 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseFeeParams {
    /// Max change denominator (OP Canyon+: 250).
    pub max_change_denominator: u64,
    /// Elasticity multiplier (OP: 6).
    pub elasticity_multiplier: u64,
}

impl BaseFeeParams {
    /// OP Stack parameters since Canyon.
    pub const fn optimism_canyon() -> Self {
        Self {
            max_change_denominator: 250,
            elasticity_multiplier: 6,
        }
    }

    /// As alloy's type, for `alloy_eips::eip1559::calc_next_block_base_fee`.
    pub fn to_alloy(self) -> alloy_eips::eip1559::BaseFeeParams {
        alloy_eips::eip1559::BaseFeeParams::new(
            u128::from(self.max_change_denominator),
            u128::from(self.elasticity_multiplier),
        )
    }
}

/// One account of the genesis allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenesisAccount {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    #[serde(default)]
    pub nonce: u64,
    /// Contract code, if any.
    #[serde(default)]
    pub code: Option<Bytes>,
    /// Storage slots.
    #[serde(default)]
    pub storage: BTreeMap<B256, B256>,
}

/// Everything that defines a chain: ids, fork, gas and fee parameters, genesis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainSpec {
    /// EVM chain id (`eth_chainId`). Dev default 9990.
    pub chain_id: u64,
    /// Move chain id (Aptos `chain_id`). Dev default 4, so the ts-sdk LOCAL preset works.
    pub move_chain_id: u8,
    /// Active hardfork from genesis on.
    pub hardfork: Hardfork,
    /// Block gas limit. Default 30,000,000.
    pub gas_limit: u64,
    /// EIP-1559 parameters (written into Holocene+ `extraData`).
    pub base_fee_params: BaseFeeParams,
    /// Jovian minimum base fee (ignored before Jovian). Default 0.
    pub min_base_fee: u64,
    /// Base fee of the genesis block. Default 1 gwei, as geth.
    pub genesis_base_fee: u64,
    /// Genesis timestamp (seconds).
    pub genesis_timestamp: u64,
    /// Genesis allocation.
    pub alloc: BTreeMap<Address, GenesisAccount>,
}

impl ChainSpec {
    /// Dev chain defaults (chain id 9990, Isthmus, 30M gas) with the given allocation.
    pub fn dev(chain_id: u64, alloc: BTreeMap<Address, GenesisAccount>) -> Self {
        Self {
            chain_id,
            move_chain_id: 4,
            hardfork: Hardfork::Isthmus,
            gas_limit: 30_000_000,
            base_fee_params: BaseFeeParams::optimism_canyon(),
            min_base_fee: 0,
            genesis_base_fee: 1_000_000_000,
            genesis_timestamp: 0,
            alloc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hardfork_names_round_trip() {
        for fork in [Hardfork::Holocene, Hardfork::Isthmus, Hardfork::Jovian] {
            assert_eq!(fork.name().parse::<Hardfork>().unwrap(), fork);
        }
        assert!(
            "bedrock"
                .parse::<Hardfork>()
                .unwrap_err()
                .to_string()
                .contains("bedrock")
        );
    }
}
