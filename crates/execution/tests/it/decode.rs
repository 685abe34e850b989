//! Transaction decoding and sender recovery.

use crate::common::*;
use alloy_consensus::TxLegacy;
use alloy_primitives::{Address, Bytes, TxKind, U256, keccak256};
use lumio_execution::{TxDecodeError, decode_and_recover};
use op_alloy_consensus::OpTxEnvelope;

#[test]
fn recovers_sender_and_hash() {
    let a = signer(0);
    let tx = transfer(&a, 3, Address::with_last_byte(1), 9);
    assert_eq!(tx.sender, a.address());
    assert_eq!(tx.hash, keccak256(&tx.encoded));
    assert_eq!(tx.nonce(), Some(3));
    assert_eq!(tx.tx_type(), 2);
    let legacy = legacy_tx(&a, 0, Address::with_last_byte(1), 1);
    assert_eq!(legacy.sender, a.address());
    assert_eq!(legacy.tx_type(), 0);
}

#[test]
fn blob_transactions_are_rejected() {
    let err = decode_and_recover(&[0x03, 0xc0], CHAIN_ID).unwrap_err();
    assert_eq!(err, TxDecodeError::BlobNotSupported);
    assert!(
        err.to_string()
            .contains("blob transactions (type 3) are not supported")
    );
}

#[test]
fn wrong_chain_and_unprotected_legacy_are_rejected() {
    let a = signer(0);
    let tx = transfer(&a, 0, Address::with_last_byte(1), 1);
    let err = decode_and_recover(&tx.encoded, 1).unwrap_err();
    assert_eq!(
        err,
        TxDecodeError::WrongChainId {
            got: CHAIN_ID,
            expected: 1
        }
    );

    let unprotected = TxLegacy {
        chain_id: None,
        nonce: 0,
        gas_price: 1,
        gas_limit: 21_000,
        to: TxKind::Call(Address::ZERO),
        value: U256::ZERO,
        input: Bytes::new(),
    };
    let bytes = encode_signed(unprotected, &a, OpTxEnvelope::Legacy);
    assert_eq!(
        decode_and_recover(&bytes, CHAIN_ID).unwrap_err(),
        TxDecodeError::NotReplayProtected
    );
}

#[test]
fn malformed_bytes_are_rejected_without_panicking() {
    assert_eq!(
        decode_and_recover(&[], CHAIN_ID).unwrap_err(),
        TxDecodeError::Empty
    );
    assert_eq!(
        decode_and_recover(&[0x05, 1], CHAIN_ID).unwrap_err(),
        TxDecodeError::UnsupportedType(5)
    );
    assert_eq!(
        decode_and_recover(&[0x7d], CHAIN_ID).unwrap_err(),
        TxDecodeError::UnsupportedType(0x7d)
    );
    assert_eq!(
        decode_and_recover(&[0x7e, 0xc0], CHAIN_ID).unwrap_err(),
        TxDecodeError::DepositNotAllowed
    );
    assert!(matches!(
        decode_and_recover(&[0x02, 0xc0], CHAIN_ID),
        Err(TxDecodeError::Decode(_))
    ));
    assert!(matches!(
        decode_and_recover(&[0xc0], CHAIN_ID),
        Err(TxDecodeError::Decode(_))
    ));
    let a = signer(0);
    let tx = transfer(&a, 0, Address::with_last_byte(1), 1);
    let mut trailing = tx.encoded.to_vec();
    trailing.push(0);
    assert!(matches!(
        decode_and_recover(&trailing, CHAIN_ID),
        Err(TxDecodeError::Decode(_))
    ));
    // Every truncation of a valid transaction fails cleanly.
    for len in 0..tx.encoded.len() {
        assert!(decode_and_recover(&tx.encoded[..len], CHAIN_ID).is_err());
    }
    let big = vec![0x02; lumio_execution::MAX_TX_SIZE + 1];
    assert!(matches!(
        decode_and_recover(&big, CHAIN_ID),
        Err(TxDecodeError::Oversized { .. })
    ));
}

#[test]
fn high_s_signatures_are_rejected() {
    let a = signer(0);
    let tx = TxLegacy {
        chain_id: Some(CHAIN_ID),
        nonce: 0,
        gas_price: 1,
        gas_limit: 21_000,
        to: TxKind::Call(Address::ZERO),
        value: U256::ZERO,
        input: Bytes::new(),
    };
    use alloy_consensus::SignableTransaction;
    use alloy_signer::SignerSync;
    let sig = a.sign_hash_sync(&tx.signature_hash()).unwrap();
    // Flip to the high-s twin: (r, n - s, !v) recovers to the same key.
    let n = U256::from_str_radix(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        16,
    )
    .unwrap();
    let high = alloy_primitives::Signature::new(sig.r(), n - sig.s(), !sig.v());
    let bytes = alloy_eips::eip2718::Encodable2718::encoded_2718(&OpTxEnvelope::Legacy(
        tx.into_signed(high),
    ));
    assert_eq!(
        decode_and_recover(&bytes, CHAIN_ID).unwrap_err(),
        TxDecodeError::HighS
    );
}
