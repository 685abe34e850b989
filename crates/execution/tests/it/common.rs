//! Shared helpers: a funded dev chain, signing, block building.

use alloy_consensus::{SignableTransaction, TxEip1559, TxLegacy};
use alloy_eips::{eip2718::Encodable2718, eip2930::AccessList};
use alloy_primitives::{Address, B256, Bytes, TxKind, U256, hex};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use lumio_evm::predeploys::L2_TO_L1_MESSAGE_PASSER;
use lumio_execution::{
    BlockAttrs, BlockBuilder, ExecutedBlock, MemoryState, RecoveredTx, decode_and_recover, seal,
};
use lumio_primitives::{ChainSpec, GenesisAccount, StateReader, StoredBlock};
use op_alloy_consensus::OpTxEnvelope;
use std::collections::BTreeMap;

pub(crate) const CHAIN_ID: u64 = 9990;
pub(crate) const ETH: u128 = 1_000_000_000_000_000_000;
pub(crate) const GWEI: u128 = 1_000_000_000;

/// Test contract, runtime (38 bytes):
/// ```text
/// CALLDATASIZE ISZERO PUSH1 0x18 JUMPI          ; no calldata -> revert "nope"
/// PUSH1 0 CALLDATALOAD DUP1 PUSH1 32 CALLDATALOAD SSTORE   ; storage[word1] = word0
/// PUSH1 0 MSTORE PUSH1 0xaa PUSH1 32 PUSH1 0 LOG1 STOP     ; log1(topic 0xaa, data word0)
/// JUMPDEST PUSH4 "nope" PUSH1 0 MSTORE PUSH1 4 PUSH1 28 REVERT
/// ```
pub(crate) const STORE_RUNTIME: &str =
    "3615601857600035806020355560005260aa60206000a1005b636e6f70656000526004601cfd";
/// Init code: CODECOPY the runtime above and RETURN it.
pub(crate) const STORE_INIT_PREFIX: &str = "602680600b6000396000f3";

pub(crate) fn store_init_code() -> Bytes {
    Bytes::from(hex::decode(format!("{STORE_INIT_PREFIX}{STORE_RUNTIME}")).unwrap())
}

pub(crate) fn store_runtime() -> Bytes {
    Bytes::from(hex::decode(STORE_RUNTIME).unwrap())
}

/// Calldata `word0 ‖ word1` for the store contract: `storage[slot] = value`.
pub(crate) fn store_call(value: u64, slot: u64) -> Bytes {
    let mut data = U256::from(value).to_be_bytes::<32>().to_vec();
    data.extend_from_slice(&U256::from(slot).to_be_bytes::<32>());
    Bytes::from(data)
}

pub(crate) fn signer(i: u8) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&B256::repeat_byte(i + 1)).unwrap()
}

/// A dev chain whose first `n` signers hold 100 ETH each.
pub(crate) struct TestChain {
    pub(crate) chain: ChainSpec,
    pub(crate) state: MemoryState,
    pub(crate) parent: alloy_consensus::Header,
}

impl TestChain {
    pub(crate) fn new(n: u8) -> Self {
        let mut alloc = BTreeMap::new();
        for i in 0..n {
            alloc.insert(
                signer(i).address(),
                GenesisAccount {
                    balance: U256::from(100 * ETH),
                    ..Default::default()
                },
            );
        }
        // A message passer with one slot, so the withdrawals root is not the empty root.
        let mut storage = BTreeMap::new();
        storage.insert(B256::ZERO, B256::with_last_byte(1));
        alloc.insert(
            L2_TO_L1_MESSAGE_PASSER,
            GenesisAccount {
                code: Some(Bytes::from_static(&[0x00])),
                storage,
                ..Default::default()
            },
        );
        let chain = ChainSpec::dev(CHAIN_ID, alloc);
        let state = MemoryState::from_genesis(&chain);
        let parent = lumio_evm::genesis_header(&chain, state.state_root());
        Self {
            chain,
            state,
            parent,
        }
    }

    pub(crate) fn builder(&self) -> BlockBuilder<&MemoryState> {
        BlockBuilder::new(
            &self.state,
            &self.chain,
            &self.parent,
            self.parent.timestamp + 2,
            BlockAttrs::default(),
        )
        .unwrap()
    }

    /// Applies an executed block: diff into the state, seal, new parent.
    pub(crate) fn commit(&mut self, executed: &ExecutedBlock) -> StoredBlock {
        self.state.apply(&executed.diff);
        let state_root = self.state.state_root();
        let withdrawals_root = if executed.needs_message_passer_root() {
            self.state.storage_root(L2_TO_L1_MESSAGE_PASSER)
        } else {
            alloy_trie::EMPTY_ROOT_HASH
        };
        let block = seal(executed, state_root, withdrawals_root);
        self.state.set_block_hash(block.number(), block.hash);
        self.parent = block.header.clone();
        block
    }

    /// Builds, commits and returns a block of `txs`, all of which must be valid.
    pub(crate) fn block(&mut self, txs: &[RecoveredTx]) -> (ExecutedBlock, StoredBlock) {
        let mut builder = self.builder();
        for tx in txs {
            builder.execute_tx(tx).unwrap();
        }
        let executed = builder.finish().unwrap();
        let block = self.commit(&executed);
        (executed, block)
    }

    pub(crate) fn balance(&self, address: Address) -> U256 {
        self.state
            .account(address)
            .unwrap()
            .map(|a| a.balance)
            .unwrap_or_default()
    }

    pub(crate) fn nonce(&self, address: Address) -> u64 {
        self.state
            .account(address)
            .unwrap()
            .map(|a| a.nonce)
            .unwrap_or_default()
    }
}

pub(crate) fn encode_signed<T: SignableTransaction<alloy_primitives::Signature>>(
    tx: T,
    signer: &PrivateKeySigner,
    wrap: impl FnOnce(alloy_consensus::Signed<T>) -> OpTxEnvelope,
) -> Bytes {
    let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
    Bytes::from(wrap(tx.into_signed(sig)).encoded_2718())
}

/// A signed 1559 transaction, decoded through the user path.
pub(crate) fn tx_1559(
    from: &PrivateKeySigner,
    nonce: u64,
    to: TxKind,
    value: u128,
    input: Bytes,
    gas_limit: u64,
) -> RecoveredTx {
    let tx = TxEip1559 {
        chain_id: CHAIN_ID,
        nonce,
        gas_limit,
        max_fee_per_gas: 2 * GWEI,
        max_priority_fee_per_gas: GWEI,
        to,
        value: U256::from(value),
        access_list: AccessList::default(),
        input,
    };
    let bytes = encode_signed(tx, from, OpTxEnvelope::Eip1559);
    decode_and_recover(&bytes, CHAIN_ID).unwrap()
}

pub(crate) fn transfer(
    from: &PrivateKeySigner,
    nonce: u64,
    to: Address,
    value: u128,
) -> RecoveredTx {
    tx_1559(from, nonce, TxKind::Call(to), value, Bytes::new(), 21_000)
}

pub(crate) fn legacy_tx(
    from: &PrivateKeySigner,
    nonce: u64,
    to: Address,
    value: u128,
) -> RecoveredTx {
    let tx = TxLegacy {
        chain_id: Some(CHAIN_ID),
        nonce,
        gas_price: 2 * GWEI,
        gas_limit: 21_000,
        to: TxKind::Call(to),
        value: U256::from(value),
        input: Bytes::new(),
    };
    let bytes = encode_signed(tx, from, OpTxEnvelope::Legacy);
    decode_and_recover(&bytes, CHAIN_ID).unwrap()
}
