//! Addresses of the OP Stack predeploys the node relies on, and Lumio's own.
//!
//! Only addresses whose behaviour the execution layer depends on are listed; the rest of the
//! OP predeploy namespace is ordinary genesis state.

use alloy_primitives::{Address, address};

/// Block coinbase: receives priority fees.
pub const SEQUENCER_FEE_VAULT: Address = address!("0x4200000000000000000000000000000000000011");
/// L1 attributes (L1 fee inputs live in its storage).
pub const L1_BLOCK: Address = address!("0x4200000000000000000000000000000000000015");
/// Withdrawals; its storage root is the Isthmus header `withdrawalsRoot`.
pub const L2_TO_L1_MESSAGE_PASSER: Address = address!("0x4200000000000000000000000000000000000016");
/// Receives the base fee (not burned on OP Stack).
pub const BASE_FEE_VAULT: Address = address!("0x4200000000000000000000000000000000000019");
/// Receives the L1 data fee.
pub const L1_FEE_VAULT: Address = address!("0x420000000000000000000000000000000000001A");
/// Receives the operator fee (Isthmus+).
pub const OPERATOR_FEE_VAULT: Address = address!("0x420000000000000000000000000000000000001B");
/// Lumio's EVM → Move bridge contract (ARCHITECTURE §6). Reserved; no code yet.
pub const CROSS_VM: Address = address!("0x42000000000000000000000000000000000000FF");
/// Caller of the L1-attributes deposit.
pub const L1_ATTRIBUTES_DEPOSITOR: Address = address!("0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vaults_match_op_revm() {
        assert_eq!(BASE_FEE_VAULT, op_revm::constants::BASE_FEE_RECIPIENT);
        assert_eq!(L1_FEE_VAULT, op_revm::constants::L1_FEE_RECIPIENT);
        assert_eq!(
            OPERATOR_FEE_VAULT,
            op_revm::constants::OPERATOR_FEE_RECIPIENT
        );
        assert_eq!(L1_BLOCK, op_revm::constants::L1_BLOCK_CONTRACT);
        assert_eq!(
            L2_TO_L1_MESSAGE_PASSER,
            op_alloy_consensus::L2_TO_L1_MESSAGE_PASSER_ADDRESS
        );
    }
}
