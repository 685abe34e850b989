//! Transaction ingress: EIP-2718 bytes → [`RecoveredTx`] (decoded, sender recovered, chain id
//! checked), and the router that tells the executor which VM path a transaction takes.

use alloy_consensus::{Sealed, Transaction, transaction::SignerRecoverable};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{Address, B256, Bytes};
use op_alloy_consensus::{OpTxEnvelope, TxDeposit};

/// Largest accepted encoded transaction (geth's `txMaxSize`, 128 KiB).
pub const MAX_TX_SIZE: usize = 128 * 1024;

/// EIP-4844 blob transaction type byte (not valid on OP Stack L2s).
const BLOB_TX_TYPE: u8 = 3;
/// Deposit transaction type byte.
const DEPOSIT_TX_TYPE: u8 = 0x7E;
/// op-alloy's synthetic post-exec type (not part of any active fork).
const POST_EXEC_TX_TYPE: u8 = 0x7D;

/// A decoded transaction with its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveredTx {
    /// Transaction hash (keccak256 of `encoded`).
    pub hash: B256,
    /// Recovered signer, or the `from` of a deposit.
    pub sender: Address,
    /// The decoded transaction.
    pub envelope: OpTxEnvelope,
    /// The exact EIP-2718 bytes (what was signed, hashed, and what op-revm prices for L1 data).
    pub encoded: Bytes,
}

impl RecoveredTx {
    /// Nonce (`None` for deposits, which carry none).
    pub fn nonce(&self) -> Option<u64> {
        (!self.envelope.is_deposit()).then(|| self.envelope.nonce())
    }

    /// Gas limit.
    pub fn gas_limit(&self) -> u64 {
        self.envelope.gas_limit()
    }

    /// EIP-2718 type byte.
    pub fn tx_type(&self) -> u8 {
        self.envelope.tx_type() as u8
    }

    /// Wraps a deposit (from Engine API payload attributes; never from users).
    pub fn from_deposit(deposit: TxDeposit) -> Self {
        let sealed = Sealed::new(deposit);
        let envelope = OpTxEnvelope::Deposit(sealed);
        let encoded = Bytes::from(alloy_eips::eip2718::Encodable2718::encoded_2718(&envelope));
        let sender = envelope.as_deposit().map_or(Address::ZERO, |d| d.from);
        Self {
            hash: envelope.tx_hash(),
            sender,
            envelope,
            encoded,
        }
    }
}

/// Why transaction bytes were rejected before execution.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxDecodeError {
    /// No bytes.
    #[error("empty transaction")]
    Empty,
    /// Larger than [`MAX_TX_SIZE`].
    #[error("oversized transaction: {size} bytes, limit {MAX_TX_SIZE}")]
    Oversized {
        /// Encoded size.
        size: usize,
    },
    /// EIP-4844 blob transactions do not exist on an OP Stack L2.
    #[error("blob transactions (type 3) are not supported on this chain")]
    BlobNotSupported,
    /// Deposits (type 0x7E) come from L1 only.
    #[error("deposit transactions (type 0x7e) cannot be submitted; they are derived from L1")]
    DepositNotAllowed,
    /// A type byte the chain does not accept.
    #[error("transaction type {0:#04x} not supported")]
    UnsupportedType(u8),
    /// Malformed encoding.
    #[error("failed to decode transaction: {0}")]
    Decode(String),
    /// Legacy transaction without EIP-155 replay protection.
    #[error("only replay-protected (EIP-155) transactions allowed")]
    NotReplayProtected,
    /// Signed for a different chain.
    #[error("invalid chain id: transaction has {got}, chain is {expected}")]
    WrongChainId {
        /// Chain id in the transaction.
        got: u64,
        /// This chain's id.
        expected: u64,
    },
    /// Signature `s` in the upper half of the curve order (EIP-2).
    #[error("invalid signature: s value too high (EIP-2)")]
    HighS,
    /// Signature does not recover to an address.
    #[error("invalid signature: {0}")]
    InvalidSignature(String),
}

/// Decodes a user transaction (RPC / txpool path): rejects blob and deposit transactions,
/// pre-EIP-155 legacy transactions and wrong chain ids, and recovers the sender.
pub fn decode_and_recover(bytes: &[u8], chain_id: u64) -> Result<RecoveredTx, TxDecodeError> {
    match bytes.first() {
        Some(&DEPOSIT_TX_TYPE) => Err(TxDecodeError::DepositNotAllowed),
        _ => decode_inner(bytes, chain_id),
    }
}

/// Decodes a transaction of a block payload (Engine API / block import path): like
/// [`decode_and_recover`] but deposits are accepted.
pub fn decode_payload_tx(bytes: &[u8], chain_id: u64) -> Result<RecoveredTx, TxDecodeError> {
    decode_inner(bytes, chain_id)
}

fn decode_inner(bytes: &[u8], chain_id: u64) -> Result<RecoveredTx, TxDecodeError> {
    let Some(&first) = bytes.first() else {
        return Err(TxDecodeError::Empty);
    };
    if bytes.len() > MAX_TX_SIZE {
        return Err(TxDecodeError::Oversized { size: bytes.len() });
    }
    match first {
        BLOB_TX_TYPE => return Err(TxDecodeError::BlobNotSupported),
        POST_EXEC_TX_TYPE => return Err(TxDecodeError::UnsupportedType(first)),
        // 0xc0.. is the RLP list header of a legacy transaction; 0x80..0xbf never starts a tx.
        0 | 1 | 2 | 4 | DEPOSIT_TX_TYPE | 0xc0..=0xff => {}
        other => return Err(TxDecodeError::UnsupportedType(other)),
    }
    let envelope =
        OpTxEnvelope::decode_2718_exact(bytes).map_err(|e| TxDecodeError::Decode(e.to_string()))?;
    let sender = match &envelope {
        OpTxEnvelope::Deposit(deposit) => deposit.from,
        OpTxEnvelope::PostExec(_) => return Err(TxDecodeError::UnsupportedType(first)),
        signed => {
            match signed.chain_id() {
                None => return Err(TxDecodeError::NotReplayProtected),
                Some(got) if got != chain_id => {
                    return Err(TxDecodeError::WrongChainId {
                        got,
                        expected: chain_id,
                    });
                }
                Some(_) => {}
            }
            let Some(signature) = signed.signature() else {
                return Err(TxDecodeError::InvalidSignature("missing signature".into()));
            };
            if signature.normalize_s().is_some() {
                return Err(TxDecodeError::HighS);
            }
            signed
                .recover_signer()
                .map_err(|e| TxDecodeError::InvalidSignature(e.to_string()))?
        }
    };
    let hash = envelope.tx_hash();
    Ok(RecoveredTx {
        hash,
        sender,
        envelope,
        // Owner-backed, so every clone is one reference-count increment. A plain copy would be
        // a "promotable" buffer whose first clone allocates, and the first clone happens while
        // the block is being built (the EVM environment takes one).
        encoded: Bytes::from(bytes::Bytes::from_owner(bytes.to_vec())),
    })
}

/// Which execution path a transaction takes. The executor matches on this, so new kinds (Move
/// transactions in their EVM envelope, cross-VM calls) are a new variant plus a new arm.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Route<'a> {
    /// A signed EVM transaction (legacy, 2930, 1559, 7702) for op-revm.
    Evm,
    /// An L1 deposit: op-revm with deposit semantics (mint, no fees, failed deposits included).
    Deposit(&'a TxDeposit),
}

/// The route of a transaction, or why it cannot be executed.
pub(crate) fn route(tx: &RecoveredTx) -> Result<Route<'_>, &'static str> {
    match &tx.envelope {
        OpTxEnvelope::Legacy(_)
        | OpTxEnvelope::Eip2930(_)
        | OpTxEnvelope::Eip1559(_)
        | OpTxEnvelope::Eip7702(_) => Ok(Route::Evm),
        OpTxEnvelope::Deposit(deposit) => Ok(Route::Deposit(deposit.inner())),
        OpTxEnvelope::PostExec(_) => Err("post-exec (0x7d) transactions are not supported"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{TxKind, U256};

    #[test]
    fn deposits_route_to_the_deposit_path() {
        let deposit = RecoveredTx::from_deposit(TxDeposit {
            source_hash: B256::repeat_byte(1),
            from: Address::with_last_byte(1),
            to: TxKind::Create,
            mint: 5,
            value: U256::ZERO,
            gas_limit: 50_000,
            is_system_transaction: false,
            input: Bytes::new(),
        });
        assert_eq!(deposit.sender, Address::with_last_byte(1));
        assert_eq!(deposit.nonce(), None);
        assert!(matches!(route(&deposit), Ok(Route::Deposit(d)) if d.mint == 5));
        assert_eq!(
            decode_and_recover(&deposit.encoded, 1),
            Err(TxDecodeError::DepositNotAllowed)
        );
        assert_eq!(decode_payload_tx(&deposit.encoded, 1).unwrap(), deposit);
    }

    #[test]
    fn type_bytes_are_screened_before_decoding() {
        assert_eq!(
            decode_payload_tx(&[3], 1),
            Err(TxDecodeError::BlobNotSupported)
        );
        assert_eq!(
            decode_payload_tx(&[0x7d], 1),
            Err(TxDecodeError::UnsupportedType(0x7d))
        );
        assert_eq!(
            decode_payload_tx(&[0x80], 1),
            Err(TxDecodeError::UnsupportedType(0x80))
        );
        assert!(matches!(
            decode_payload_tx(&[0x7e], 1),
            Err(TxDecodeError::Decode(_))
        ));
    }
}
