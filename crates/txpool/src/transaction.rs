//! What the pool needs to know about a transaction ([`PoolTransaction`]) and the concrete
//! transaction type the node puts in it ([`PooledTx`]).
//!
//! Why a trait: the pool must not depend on `lumio-execution` (which decodes and recovers
//! senders), and Aptos-format Move transactions (`POST /v1/transactions`) will be a second
//! implementation. Why also a concrete type: [`PooledTx`] has exactly the fields of the
//! executor's `RecoveredTx` (hash, sender, envelope, encoded), so the node adapts with a plain
//! field move and no newtype; it cannot implement this crate's trait for the executor's type
//! itself (orphan rule).

use alloy_consensus::Transaction as _;
use alloy_eips::{Typed2718 as _, eip2930::AccessList};
use alloy_primitives::{Address, B256, Bytes, U256};
use op_alloy_consensus::OpTxEnvelope;

/// EIP-2718 type bytes that never enter the pool: blob (0x03; not on OP), post-exec (0x7D) and
/// deposit (0x7E) transactions, which only the sequencer / op-node inject.
pub const UNSUPPORTED_TX_TYPES: [u8; 3] = [0x03, 0x7D, 0x7E];

/// The few facts about a transaction the pool works with. All of them are cheap getters except
/// [`PoolTransaction::intrinsic_gas`], which the pool calls once, on admission.
pub trait PoolTransaction {
    /// Transaction hash.
    fn hash(&self) -> B256;
    /// Recovered sender.
    fn sender(&self) -> Address;
    /// Nonce.
    fn nonce(&self) -> u64;
    /// Gas limit.
    fn gas_limit(&self) -> u64;
    /// `max_fee_per_gas`; the gas price for legacy / EIP-2930 transactions.
    fn max_fee_per_gas(&self) -> u128;
    /// `max_priority_fee_per_gas`; `None` for legacy / EIP-2930 transactions.
    fn max_priority_fee_per_gas(&self) -> Option<u128>;
    /// Value transferred.
    fn value(&self) -> U256;
    /// Length of the EIP-2718 encoding in bytes.
    fn encoded_len(&self) -> usize;
    /// Chain id; `None` for a pre-EIP-155 legacy transaction.
    fn chain_id(&self) -> Option<u64>;
    /// EIP-2718 type byte (0 legacy, 1, 2, 4, ...).
    fn tx_type(&self) -> u8;
    /// Gas the transaction needs before executing anything: see [`intrinsic_gas`].
    fn intrinsic_gas(&self) -> u64;

    /// Priority fee: `max_priority_fee_per_gas`, or the gas price for legacy transactions.
    fn priority_fee(&self) -> u128 {
        self.max_priority_fee_per_gas()
            .unwrap_or_else(|| self.max_fee_per_gas())
    }

    /// Most the transaction may cost: `gas_limit * max_fee_per_gas + value` (saturating).
    fn cost(&self) -> U256 {
        U256::from(self.gas_limit())
            .saturating_mul(U256::from(self.max_fee_per_gas()))
            .saturating_add(self.value())
    }

    /// Tip per gas the block producer receives at `base_fee`; `None` when the max fee is below
    /// the base fee (the transaction cannot be included yet).
    fn effective_tip(&self, base_fee: u64) -> Option<u128> {
        let headroom = self.max_fee_per_gas().checked_sub(u128::from(base_fee))?;
        Some(headroom.min(self.priority_fee()))
    }
}

/// A decoded, sender-recovered EVM transaction (the executor's `RecoveredTx`, field for field).
///
/// The pool trusts these fields: `hash` must be the hash of `encoded`, `sender` the recovered
/// signer of `envelope`, `encoded` its EIP-2718 bytes. The node builds it from `RecoveredTx` with
/// `PooledTx { hash, sender, envelope, encoded }`.
#[derive(Debug, Clone)]
pub struct PooledTx {
    /// Transaction hash (keccak256 of `encoded`).
    pub hash: B256,
    /// Recovered sender.
    pub sender: Address,
    /// The decoded transaction.
    pub envelope: OpTxEnvelope,
    /// EIP-2718 encoding.
    pub encoded: Bytes,
}

impl PooledTx {
    /// Bundles the parts (see the type docs for what the pool expects of them).
    pub const fn new(hash: B256, sender: Address, envelope: OpTxEnvelope, encoded: Bytes) -> Self {
        Self {
            hash,
            sender,
            envelope,
            encoded,
        }
    }
}

impl PoolTransaction for PooledTx {
    fn hash(&self) -> B256 {
        self.hash
    }
    fn sender(&self) -> Address {
        self.sender
    }
    fn nonce(&self) -> u64 {
        self.envelope.nonce()
    }
    fn gas_limit(&self) -> u64 {
        self.envelope.gas_limit()
    }
    fn max_fee_per_gas(&self) -> u128 {
        self.envelope.max_fee_per_gas()
    }
    fn max_priority_fee_per_gas(&self) -> Option<u128> {
        self.envelope.max_priority_fee_per_gas()
    }
    fn value(&self) -> U256 {
        self.envelope.value()
    }
    fn encoded_len(&self) -> usize {
        self.encoded.len()
    }
    fn chain_id(&self) -> Option<u64> {
        self.envelope.chain_id()
    }
    fn tx_type(&self) -> u8 {
        self.envelope.ty()
    }
    fn intrinsic_gas(&self) -> u64 {
        let authorizations = self.envelope.authorization_list().map_or(0, <[_]>::len);
        intrinsic_gas(
            self.envelope.input(),
            self.envelope.is_create(),
            self.envelope.access_list(),
            authorizations as u64,
        )
    }
}

/// Intrinsic gas under Prague (Isthmus) rules, and at least the EIP-7623 calldata floor:
/// 21,000 + calldata (4 per zero byte, 16 per other byte) + create (32,000 + 2 per initcode
/// word, EIP-3860) + access list (2,400 per address, 1,900 per key) + 25,000 per EIP-7702
/// authorization; floor = 21,000 + 10 per calldata token (zero byte 1 token, other 4).
///
/// The pool reports both shortfalls as "intrinsic gas too low" (geth says "insufficient gas
/// for floor data gas cost" for the floor); execution checks again with the exact rules.
pub fn intrinsic_gas(
    input: &[u8],
    is_create: bool,
    access_list: Option<&AccessList>,
    authorizations: u64,
) -> u64 {
    let len = input.len() as u64;
    let zeros = input.iter().filter(|b| **b == 0).count() as u64;
    let non_zeros = len - zeros;
    let mut gas = 21_000u64
        .saturating_add(zeros.saturating_mul(4))
        .saturating_add(non_zeros.saturating_mul(16));
    if is_create {
        gas = gas
            .saturating_add(32_000)
            .saturating_add(len.div_ceil(32).saturating_mul(2));
    }
    if let Some(list) = access_list {
        for item in &list.0 {
            gas = gas
                .saturating_add(2_400)
                .saturating_add((item.storage_keys.len() as u64).saturating_mul(1_900));
        }
    }
    gas = gas.saturating_add(authorizations.saturating_mul(25_000));
    let tokens = zeros.saturating_add(non_zeros.saturating_mul(4));
    let floor = 21_000u64.saturating_add(tokens.saturating_mul(10));
    gas.max(floor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_eips::eip2930::AccessListItem;

    #[test]
    fn intrinsic_gas_plain_transfer() {
        assert_eq!(intrinsic_gas(&[], false, None, 0), 21_000);
    }

    #[test]
    fn intrinsic_gas_calldata_and_create() {
        // 1 zero + 1 non-zero byte: 21000 + 4 + 16 = 21020, below the floor 21000 + 10 * 5.
        assert_eq!(intrinsic_gas(&[0, 1], false, None, 0), 21_050);
        // create: + 32000 + 2 * 1 word.
        assert_eq!(intrinsic_gas(&[0, 1], true, None, 0), 21_020 + 32_002);
    }

    #[test]
    fn intrinsic_gas_access_list_and_authorizations() {
        let list = AccessList(vec![AccessListItem {
            address: Address::ZERO,
            storage_keys: vec![B256::ZERO, B256::ZERO],
        }]);
        assert_eq!(
            intrinsic_gas(&[], false, Some(&list), 2),
            21_000 + 2_400 + 3_800 + 50_000
        );
    }

    #[test]
    fn intrinsic_gas_uses_calldata_floor() {
        // 1000 non-zero bytes: standard 21000 + 16000, floor 21000 + 40000.
        assert_eq!(intrinsic_gas(&[1; 1000], false, None, 0), 61_000);
    }
}
