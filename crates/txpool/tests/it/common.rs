//! Signed-transaction builders and an in-memory state.

use alloy_consensus::{SignableTransaction, Signed, TxEip1559, TxLegacy};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{Address, B256, Bytes, Signature, TxKind, U256, keccak256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use lumio_primitives::{AccountState, StateError, StateReader};
use lumio_txpool::{PoolConfig, PooledTx, TxPool};
use op_alloy_consensus::OpTxEnvelope;
use std::collections::HashMap;

pub(crate) const CHAIN_ID: u64 = 9990;
pub(crate) const GWEI: u128 = 1_000_000_000;
pub(crate) const ETH: u128 = 1_000_000_000_000_000_000;

/// Deterministic key number `i` (1-based).
pub(crate) fn key(i: u8) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&B256::repeat_byte(i)).expect("valid key")
}

/// Fields of a transaction to sign; defaults: plain transfer, 10 gwei max fee, 1 gwei tip.
#[derive(Debug, Clone)]
pub(crate) struct Tx {
    pub(crate) nonce: u64,
    pub(crate) max_fee: u128,
    pub(crate) tip: u128,
    pub(crate) gas: u64,
    pub(crate) value: U256,
    pub(crate) input: Bytes,
    pub(crate) chain_id: u64,
}

impl Tx {
    pub(crate) fn new(nonce: u64) -> Self {
        Self {
            nonce,
            max_fee: 10 * GWEI,
            tip: GWEI,
            gas: 21_000,
            value: U256::ZERO,
            input: Bytes::new(),
            chain_id: CHAIN_ID,
        }
    }

    pub(crate) fn fees(mut self, max_fee: u128, tip: u128) -> Self {
        self.max_fee = max_fee;
        self.tip = tip;
        self
    }

    pub(crate) fn gas(mut self, gas: u64) -> Self {
        self.gas = gas;
        self
    }

    pub(crate) fn chain(mut self, chain_id: u64) -> Self {
        self.chain_id = chain_id;
        self
    }

    pub(crate) fn input(mut self, input: Vec<u8>) -> Self {
        self.input = input.into();
        self
    }

    pub(crate) fn value(mut self, value: u128) -> Self {
        self.value = U256::from(value);
        self
    }

    /// EIP-1559 transaction to `0x…dead`.
    pub(crate) fn eip1559(&self, key: &PrivateKeySigner) -> PooledTx {
        sign(
            key,
            TxEip1559 {
                chain_id: self.chain_id,
                nonce: self.nonce,
                gas_limit: self.gas,
                max_fee_per_gas: self.max_fee,
                max_priority_fee_per_gas: self.tip,
                to: TxKind::Call(Address::with_last_byte(0xad)),
                value: self.value,
                access_list: Default::default(),
                input: self.input.clone(),
            },
        )
    }

    /// Legacy transaction, gas price = `max_fee`; EIP-155 unless `protected` is false.
    pub(crate) fn legacy(&self, key: &PrivateKeySigner, protected: bool) -> PooledTx {
        sign(
            key,
            TxLegacy {
                chain_id: protected.then_some(self.chain_id),
                nonce: self.nonce,
                gas_price: self.max_fee,
                gas_limit: self.gas,
                to: TxKind::Call(Address::with_last_byte(0xad)),
                value: self.value,
                input: self.input.clone(),
            },
        )
    }
}

/// Signs, encodes, recovers the sender from the signature and checks the hash.
pub(crate) fn sign<T>(key: &PrivateKeySigner, tx: T) -> PooledTx
where
    T: SignableTransaction<Signature>,
    OpTxEnvelope: From<Signed<T>>,
{
    let signature = key.sign_hash_sync(&tx.signature_hash()).expect("sign");
    let signed = tx.into_signed(signature);
    let sender = signed.recover_signer().expect("recover");
    assert_eq!(sender, key.address());
    let envelope = OpTxEnvelope::from(signed);
    let encoded = Bytes::from(envelope.encoded_2718());
    let hash = keccak256(&encoded);
    assert_eq!(hash, envelope.tx_hash());
    PooledTx::new(hash, sender, envelope, encoded)
}

/// Account state in memory.
#[derive(Debug, Default, Clone)]
pub(crate) struct MemState(pub(crate) HashMap<Address, AccountState>);

impl MemState {
    /// Every key in `keys` with nonce 0 and `balance` wei.
    pub(crate) fn funded(keys: &[&PrivateKeySigner], balance: u128) -> Self {
        let mut state = Self::default();
        for key in keys {
            state.set(key.address(), 0, balance);
        }
        state
    }

    pub(crate) fn set(&mut self, who: Address, nonce: u64, balance: u128) {
        let account = AccountState {
            nonce,
            balance: U256::from(balance),
            ..Default::default()
        };
        self.0.insert(who, account);
    }
}

impl StateReader for MemState {
    fn account(&self, address: Address) -> Result<Option<AccountState>, StateError> {
        Ok(self.0.get(&address).copied())
    }
    fn storage(&self, _: Address, _: U256) -> Result<U256, StateError> {
        Ok(U256::ZERO)
    }
    fn code(&self, _: B256) -> Result<Option<Bytes>, StateError> {
        Ok(None)
    }
    fn block_hash(&self, _: u64) -> Result<Option<B256>, StateError> {
        Ok(None)
    }
}

pub(crate) fn pool() -> TxPool<PooledTx> {
    TxPool::new(PoolConfig::new(CHAIN_ID))
}

pub(crate) fn pool_with(config: impl FnOnce(&mut PoolConfig)) -> TxPool<PooledTx> {
    let mut c = PoolConfig::new(CHAIN_ID);
    config(&mut c);
    TxPool::new(c)
}
