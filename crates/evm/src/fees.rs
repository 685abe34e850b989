//! EIP-1559 on OP Stack: header `extraData` and the next block's base fee.

use alloy_consensus::Header;
use alloy_primitives::{B64, Bytes};
use lumio_primitives::{BaseFeeParams, ChainSpec, Hardfork};
use op_alloy_consensus::{decode_holocene_extra_data, decode_jovian_extra_data};

/// `extraData` of a block at `fork`: Holocene/Isthmus 9 bytes (`0 ‖ denominator u32 ‖
/// elasticity u32`), Jovian 17 bytes (`1 ‖ denominator ‖ elasticity ‖ minBaseFee u64`).
pub fn extra_data(fork: Hardfork, params: BaseFeeParams, min_base_fee: u64) -> Bytes {
    // Saturate rather than fail: the chain spec is validated elsewhere; a value that does not fit
    // a u32 is not a real OP configuration.
    let den = u32::try_from(params.max_change_denominator).unwrap_or(u32::MAX);
    let el = u32::try_from(params.elasticity_multiplier).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(17);
    match fork {
        Hardfork::Holocene | Hardfork::Isthmus => {
            out.push(0);
            out.extend_from_slice(&den.to_be_bytes());
            out.extend_from_slice(&el.to_be_bytes());
        }
        Hardfork::Jovian => {
            out.push(1);
            out.extend_from_slice(&den.to_be_bytes());
            out.extend_from_slice(&el.to_be_bytes());
            out.extend_from_slice(&min_base_fee.to_be_bytes());
        }
    }
    Bytes::from(out)
}

/// `eip1559Params` (Engine API payload attribute, 8 bytes: denominator ‖ elasticity) as our
/// params; zero means "the chain's defaults".
pub fn params_from_eip1559(eip1559_params: B64, chain: BaseFeeParams) -> BaseFeeParams {
    if eip1559_params.is_zero() {
        return chain;
    }
    let (elasticity, denominator) = op_alloy_consensus::decode_eip_1559_params(eip1559_params);
    BaseFeeParams {
        max_change_denominator: u64::from(denominator),
        elasticity_multiplier: u64::from(elasticity),
    }
}

/// Base fee of the block after `parent`, by OP rules: parameters from the parent's `extraData`
/// (Holocene+; the chain's defaults when absent or zero), Jovian's `max(gasUsed, blobGasUsed)` and
/// minimum base fee.
pub fn next_base_fee(chain: &ChainSpec, parent: &Header) -> u64 {
    let parent_base_fee = parent.base_fee_per_gas.unwrap_or(chain.genesis_base_fee);
    let (params, min_base_fee, gas_used) = match chain.hardfork {
        Hardfork::Holocene | Hardfork::Isthmus => {
            let params = decode_holocene_extra_data(&parent.extra_data)
                .ok()
                .map(|(el, den)| BaseFeeParams {
                    max_change_denominator: u64::from(den),
                    elasticity_multiplier: u64::from(el),
                })
                .unwrap_or(chain.base_fee_params);
            (params, 0, parent.gas_used)
        }
        Hardfork::Jovian => {
            let (params, min) = decode_jovian_extra_data(&parent.extra_data)
                .ok()
                .map(|(el, den, min)| {
                    let params = BaseFeeParams {
                        max_change_denominator: u64::from(den),
                        elasticity_multiplier: u64::from(el),
                    };
                    (params, min)
                })
                .unwrap_or((chain.base_fee_params, chain.min_base_fee));
            (
                params,
                min,
                parent.gas_used.max(parent.blob_gas_used.unwrap_or(0)),
            )
        }
    };
    let params = if params.max_change_denominator == 0 || params.elasticity_multiplier == 0 {
        chain.base_fee_params
    } else {
        params
    };
    // Guard the divisions inside alloy's formula against a degenerate configuration.
    if params.max_change_denominator == 0
        || params.elasticity_multiplier == 0
        || parent.gas_limit / params.elasticity_multiplier == 0
    {
        return parent_base_fee.max(min_base_fee);
    }
    alloy_eips::eip1559::calc_next_block_base_fee(
        gas_used,
        parent.gas_limit,
        parent_base_fee,
        params.to_alloy(),
    )
    .max(min_base_fee)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_eips::eip1559::BaseFeeParams as AlloyParams;
    use op_alloy_consensus::{encode_holocene_extra_data, encode_jovian_extra_data};

    #[test]
    fn extra_data_matches_op_alloy() {
        let p = BaseFeeParams::optimism_canyon();
        let alloy = AlloyParams::new(250, 6);
        assert_eq!(
            extra_data(Hardfork::Isthmus, p, 0),
            encode_holocene_extra_data(B64::ZERO, alloy).unwrap()
        );
        assert_eq!(
            extra_data(Hardfork::Jovian, p, 7),
            encode_jovian_extra_data(B64::ZERO, alloy, 7).unwrap()
        );
        assert_eq!(extra_data(Hardfork::Holocene, p, 0).len(), 9);
    }

    #[test]
    fn base_fee_moves_with_gas_used() {
        let chain = ChainSpec::dev(9990, Default::default());
        let mut parent = Header {
            gas_limit: 30_000_000,
            base_fee_per_gas: Some(1_000_000_000),
            extra_data: extra_data(Hardfork::Isthmus, chain.base_fee_params, 0),
            ..Default::default()
        };
        // Exactly at target (limit / 6): unchanged.
        parent.gas_used = 5_000_000;
        assert_eq!(next_base_fee(&chain, &parent), 1_000_000_000);
        // Full block: + (30M-5M)/5M / 250 = +2%.
        parent.gas_used = 30_000_000;
        assert_eq!(next_base_fee(&chain, &parent), 1_020_000_000);
        // Empty block: -1/250 = -0.4%.
        parent.gas_used = 0;
        assert_eq!(next_base_fee(&chain, &parent), 996_000_000);
    }

    #[test]
    fn jovian_min_base_fee_floors() {
        let mut chain = ChainSpec::dev(9990, Default::default());
        chain.hardfork = Hardfork::Jovian;
        let parent = Header {
            gas_limit: 30_000_000,
            gas_used: 0,
            base_fee_per_gas: Some(100),
            extra_data: extra_data(Hardfork::Jovian, chain.base_fee_params, 100),
            ..Default::default()
        };
        assert_eq!(next_base_fee(&chain, &parent), 100);
    }
}
