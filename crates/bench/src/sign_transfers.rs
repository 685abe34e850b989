//! `lumio bench sign-transfers`: the pre-signed transfers of the JS load driver
//! (`tests/e2e/bench/bench.js`), signed on every core.
//!
//! The driver needs up to 600,000 signed transactions for a 60 s run at 10,000 tx/s; ethers
//! signs ~1,000 a second, which made such a run take longer to prepare than to measure. This
//! workload signs the driver's exact transactions (same keys, nonces, recipients, fees, chain
//! id) and streams them to stdout, one `0x<raw> 0x<hash>` line per transfer in index order; the
//! driver checks some of them against its own signing before it uses any.
//!
//! Transfer `k` of a run with `S` senders: sender `i = k % S` with the key
//! `keccak256("lumio-bench-sender-{i}")`, nonce `k / S`, recipient `j = k % 256` at the last 20
//! bytes of `keccak256("lumio-bench-recipient-{j}")`, value 1 wei, 21,000 gas, EIP-1559 with a
//! 20 gwei max fee and a 1 gwei tip.

use std::io::Write;

use alloy_primitives::{Address, Bytes, U256, keccak256};
use alloy_signer_local::PrivateKeySigner;
use rayon::prelude::*;

use crate::{BenchError, Result};

/// Transfers signed per parallel chunk (and written per write call).
const CHUNK: u64 = 4_096;

/// Which transfers to sign.
#[derive(Debug, Clone)]
pub struct SignConfig {
    /// Senders of the run (`S`).
    pub senders: u64,
    /// First transfer index (inclusive).
    pub from: u64,
    /// Last transfer index (exclusive).
    pub to: u64,
    /// Chain id the transactions are signed for.
    pub chain_id: u64,
}

/// The transfer signers' and recipients' derivation, shared with the driver.
struct Keys {
    senders: Vec<PrivateKeySigner>,
    recipients: Vec<Address>,
}

impl Keys {
    fn new(senders: u64) -> Result<Self> {
        let senders = (0..senders)
            .into_par_iter()
            .map(|i| {
                PrivateKeySigner::from_bytes(&keccak256(format!("lumio-bench-sender-{i}")))
                    .map_err(|e| BenchError::Check(format!("sender key {i}: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let recipients = (0..256)
            .map(|i| Address::from_slice(&keccak256(format!("lumio-bench-recipient-{i}"))[12..]))
            .collect();
        Ok(Self {
            senders,
            recipients,
        })
    }

    /// Transfer `k`, EIP-2718 encoded.
    fn transfer(&self, k: u64, chain_id: u64) -> Bytes {
        let senders = self.senders.len() as u64;
        crate::sign_transfer(
            &self.senders[(k % senders) as usize],
            chain_id,
            k / senders,
            self.recipients[(k % 256) as usize],
            U256::from(1),
            20 * crate::GWEI,
        )
    }
}

/// Signs transfers `from..to` and writes one `0x<raw> 0x<hash>` line each, in index order.
pub fn run(config: &SignConfig, out: &mut impl Write) -> Result<()> {
    if config.senders == 0 {
        return Err(BenchError::Check("at least one sender is needed".into()));
    }
    if config.from > config.to {
        return Err(BenchError::Check(format!(
            "empty range: from {} is after to {}",
            config.from, config.to
        )));
    }
    let keys = Keys::new(config.senders)?;
    let mut start = config.from;
    // a window of chunks signed in parallel, then written in order
    let window = CHUNK * rayon::current_num_threads().max(1) as u64 * 2;
    while start < config.to {
        let end = config.to.min(start + window);
        let chunks: Vec<String> = (start..end)
            .step_by(CHUNK as usize)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|c| {
                let mut text = String::with_capacity(CHUNK as usize * 300);
                for k in c..end.min(c + CHUNK) {
                    let raw = keys.transfer(k, config.chain_id);
                    text.push_str(&format!("{raw} {}\n", keccak256(&raw)));
                }
                text
            })
            .collect();
        for text in chunks {
            out.write_all(text.as_bytes())?;
        }
        start = end;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_eips::eip2718::Decodable2718;

    #[test]
    fn lines_are_the_driver_transfers_in_order() {
        let config = SignConfig {
            senders: 3,
            from: 2,
            to: 9,
            chain_id: 9990,
        };
        let mut out = Vec::new();
        run(&config, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let keys = Keys::new(3).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7);
        for (line, k) in lines.iter().zip(2u64..) {
            let (raw, hash) = line.split_once(' ').unwrap();
            let bytes: Bytes = raw.parse().unwrap();
            assert_eq!(hash, keccak256(&bytes).to_string());
            let tx = op_alloy_consensus::OpTxEnvelope::decode_2718(&mut bytes.as_ref()).unwrap();
            let op_alloy_consensus::OpTxEnvelope::Eip1559(signed) = tx else {
                panic!("not EIP-1559: {line}");
            };
            assert_eq!(
                signed.recover_signer().unwrap(),
                keys.senders[(k % 3) as usize].address()
            );
            assert_eq!(signed.tx().nonce, k / 3);
            assert_eq!(signed.tx().chain_id, 9990);
            assert_eq!(
                signed.tx().to,
                alloy_primitives::TxKind::Call(keys.recipients[(k % 256) as usize])
            );
        }
    }

    #[test]
    fn bad_ranges_are_refused() {
        for (senders, from, to) in [(0, 0, 1), (1, 5, 1)] {
            let config = SignConfig {
                senders,
                from,
                to,
                chain_id: 1,
            };
            assert!(run(&config, &mut Vec::new()).is_err(), "{config:?}");
        }
    }
}
