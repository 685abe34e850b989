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
///
/// The seed (2,048 rounds of PBKDF2) and the parent key `m/44'/60'/0'/0` are derived once;
/// each account is then one child derivation, spread over the cores for large counts (a
/// million accounts take seconds, not the minutes that re-deriving the seed per account did).
pub fn derive_dev_accounts(
    mnemonic: &str,
    count: u32,
) -> Result<Vec<PrivateKeySigner>, AccountError> {
    let err = |index: u32, e: &dyn std::fmt::Display| AccountError {
        index,
        reason: e.to_string(),
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    let parent = MnemonicBuilder::<English>::default()
        .phrase(mnemonic)
        .index(0)
        .map_err(|e| err(0, &e))?
        .build_parent_key()
        .map_err(|e| err(0, &e))?;
    let derive = |index: u32| -> Result<PrivateKeySigner, AccountError> {
        parent
            .child(index)
            .map(|k| k.signer())
            .map_err(|e| err(index, &e))
    };
    const PER_THREAD_MIN: u32 = 1_024;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get() as u32)
        .min(count.div_ceil(PER_THREAD_MIN))
        .max(1);
    if threads == 1 {
        return (0..count).map(derive).collect();
    }
    let chunk = count.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let start = t * chunk;
                let end = (start + chunk).min(count);
                let derive = &derive;
                scope.spawn(move || (start..end).map(derive).collect::<Result<Vec<_>, _>>())
            })
            .collect();
        let mut out = Vec::with_capacity(count as usize);
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part?),
                Err(_) => {
                    return Err(AccountError {
                        index: 0,
                        reason: "a derivation thread panicked".into(),
                    });
                }
            }
        }
        Ok(out)
    })
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
    fn parallel_derivation_matches_one_by_one() {
        // Past the per-thread threshold, so the threaded path runs; every account equals the
        // one derived alone through the full path, in order.
        let many = derive_dev_accounts(DEFAULT_MNEMONIC, 2_500).unwrap();
        assert_eq!(many.len(), 2_500);
        for index in [0u32, 1, 1_023, 1_024, 1_250, 2_499] {
            let alone = MnemonicBuilder::<English>::default()
                .phrase(DEFAULT_MNEMONIC)
                .index(index)
                .unwrap()
                .build()
                .unwrap();
            assert_eq!(
                many[index as usize].address(),
                alone.address(),
                "account {index}"
            );
        }
        assert!(derive_dev_accounts(DEFAULT_MNEMONIC, 0).unwrap().is_empty());
    }

    #[test]
    fn bad_mnemonic_is_an_error() {
        assert!(derive_dev_accounts("not a mnemonic", 1).is_err());
    }
}
