//! Address mapping between the EVM (20 bytes) and Move (32 bytes), and ETH units.
//!
//! EVM -> Move: left-pad with 12 zero bytes. Move -> EVM: the last 20 bytes.
//! One ETH: Move's `NativeCoin` has 8 decimals; 1 unit = 10^10 wei (ARCHITECTURE §4).

use alloy_primitives::{Address, U256};

/// Wei per Move `NativeCoin` unit (8 decimals vs 18).
pub const WEI_PER_NATIVE_COIN_UNIT: u64 = 10_000_000_000;

/// The Move (32-byte) address of an EVM account: 12 zero bytes then the 20 address bytes.
pub fn evm_to_move(address: Address) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[12..].copy_from_slice(address.as_slice());
    out
}

/// The EVM address seen for a Move address: its last 20 bytes.
pub fn move_to_evm(address: &[u8; 32]) -> Address {
    Address::from_slice(&address[12..])
}

/// Move's view of an EVM balance: `floor(wei / 10^10)`, saturating at `u64::MAX`.
pub fn wei_to_native_coin(wei: U256) -> u64 {
    let units = wei / U256::from(WEI_PER_NATIVE_COIN_UNIT);
    u64::try_from(units).unwrap_or(u64::MAX)
}

/// Wei value of a Move `NativeCoin` amount.
pub fn native_coin_to_wei(units: u64) -> U256 {
    U256::from(units) * U256::from(WEI_PER_NATIVE_COIN_UNIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    #[test]
    fn mapping_round_trips() {
        let a = address!("0x42000000000000000000000000000000000000ff");
        let m = evm_to_move(a);
        assert_eq!(&m[..12], &[0u8; 12]);
        assert_eq!(move_to_evm(&m), a);
    }

    #[test]
    fn units_floor_dust() {
        assert_eq!(
            wei_to_native_coin(U256::from(WEI_PER_NATIVE_COIN_UNIT - 1)),
            0
        );
        assert_eq!(wei_to_native_coin(native_coin_to_wei(7) + U256::from(5)), 7);
        assert_eq!(wei_to_native_coin(U256::MAX), u64::MAX);
    }
}
