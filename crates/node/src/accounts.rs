//! Dev accounts derived from a BIP-39 mnemonic at `m/44'/60'/0'/0/i`, like anvil.

use alloy_signer_local::{MnemonicBuilder, PrivateKeySigner, coins_bip39::English};

/// anvil's default mnemonic.
pub const DEFAULT_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// Error deriving dev accounts.
#[derive(Debug, thiserror::Error)]
#[error("cannot derive dev account {index} from the mnemonic: {reason}")]
pub struct AccountError {
    index: u32,
    reason: String,
}

/// Derives `count` signers from `mnemonic` at `m/44'/60'/0'/0/i`.
pub fn derive_dev_accounts(
    mnemonic: &str,
    count: u32,
) -> Result<Vec<PrivateKeySigner>, AccountError> {
    (0..count)
        .map(|index| {
            let err = |e: &dyn std::fmt::Display| AccountError {
                index,
                reason: e.to_string(),
            };
            MnemonicBuilder::<English>::default()
                .phrase(mnemonic)
                .index(index)
                .map_err(|e| err(&e))?
                .build()
                .map_err(|e| err(&e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    #[test]
    fn derives_anvil_accounts() {
        let accounts = derive_dev_accounts(DEFAULT_MNEMONIC, 2).unwrap();
        // The well-known first two anvil/hardhat accounts.
        assert_eq!(
            accounts[0].address(),
            address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        assert_eq!(
            accounts[1].address(),
            address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
        );
    }

    #[test]
    fn bad_mnemonic_is_an_error() {
        assert!(derive_dev_accounts("not a mnemonic", 1).is_err());
    }
}
