//! Genesis: the allocation as a [`StateDiff`] and the genesis header with the fork's fields.

use crate::{fees::extra_data, predeploys::L2_TO_L1_MESSAGE_PASSER};
use alloy_consensus::{EMPTY_OMMER_ROOT_HASH, Header};
use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_trie::{EMPTY_ROOT_HASH, TrieAccount};
use lumio_primitives::{
    AccountDiff, AccountState, ChainSpec, GenesisAccount, Hardfork, StateDiff, state::KECCAK_EMPTY,
};
use sha2::{Digest, Sha256};

/// `sha256("")`: the Isthmus `requestsHash` (no execution-layer requests on OP Stack).
pub fn empty_requests_hash() -> B256 {
    B256::from_slice(&Sha256::digest([]))
}

/// The genesis allocation as the first state diff (zero storage values are skipped).
pub fn genesis_diff(chain: &ChainSpec) -> StateDiff {
    let mut diff = StateDiff::default();
    for (address, account) in &chain.alloc {
        let code_hash = match &account.code {
            Some(code) if !code.is_empty() => {
                let hash = keccak256(code);
                diff.codes.insert(hash, code.clone());
                hash
            }
            _ => KECCAK_EMPTY,
        };
        let storage = account
            .storage
            .iter()
            .map(|(k, v)| (U256::from_be_bytes(k.0), U256::from_be_bytes(v.0)))
            .filter(|(_, v)| !v.is_zero())
            .collect();
        diff.accounts.insert(
            *address,
            AccountDiff {
                info: Some(AccountState {
                    nonce: account.nonce,
                    balance: account.balance,
                    code_hash,
                }),
                storage_wiped: false,
                storage,
            },
        );
    }
    diff
}

/// Storage-trie root of one genesis account.
pub fn genesis_storage_root(account: &GenesisAccount) -> B256 {
    alloy_trie::root::storage_root_unhashed(
        account
            .storage
            .iter()
            .map(|(k, v)| (*k, U256::from_be_bytes(v.0)))
            .filter(|(_, v)| !v.is_zero()),
    )
}

/// State root of the genesis allocation (for cross-checking the store's root computation).
pub fn genesis_state_root(chain: &ChainSpec) -> B256 {
    alloy_trie::root::state_root_unhashed(chain.alloc.iter().map(|(address, account)| {
        let code_hash = match &account.code {
            Some(code) if !code.is_empty() => keccak256(code),
            _ => KECCAK_EMPTY,
        };
        let trie_account = TrieAccount {
            nonce: account.nonce,
            balance: account.balance,
            storage_root: genesis_storage_root(account),
            code_hash,
        };
        (*address, trie_account)
    }))
}

/// `withdrawalsRoot` of the genesis header: from Isthmus the L2ToL1MessagePasser storage root
/// (empty trie if the predeploy is not allocated), before that the empty root.
fn genesis_withdrawals_root(chain: &ChainSpec) -> B256 {
    match chain.hardfork {
        Hardfork::Holocene => EMPTY_ROOT_HASH,
        Hardfork::Isthmus | Hardfork::Jovian => chain
            .alloc
            .get(&L2_TO_L1_MESSAGE_PASSER)
            .map_or(EMPTY_ROOT_HASH, genesis_storage_root),
    }
}

/// The genesis header for `state_root` (computed by the store from [`genesis_diff`]), with the
/// fields op-geth sets at genesis for the chain's fork: base fee, Holocene/Jovian `extraData`,
/// `withdrawalsRoot`, zero blob gas, zero parent beacon root and (Isthmus+) `requestsHash`.
pub fn genesis_header(chain: &ChainSpec, state_root: B256) -> Header {
    let isthmus = matches!(chain.hardfork, Hardfork::Isthmus | Hardfork::Jovian);
    Header {
        parent_hash: B256::ZERO,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: Address::ZERO,
        state_root,
        transactions_root: EMPTY_ROOT_HASH,
        receipts_root: EMPTY_ROOT_HASH,
        logs_bloom: Default::default(),
        difficulty: U256::ZERO,
        number: 0,
        gas_limit: chain.gas_limit,
        gas_used: 0,
        timestamp: chain.genesis_timestamp,
        extra_data: extra_data(chain.hardfork, chain.base_fee_params, chain.min_base_fee),
        mix_hash: B256::ZERO,
        nonce: Default::default(),
        base_fee_per_gas: Some(chain.genesis_base_fee),
        withdrawals_root: Some(genesis_withdrawals_root(chain)),
        blob_gas_used: Some(0),
        excess_blob_gas: Some(0),
        parent_beacon_block_root: Some(B256::ZERO),
        requests_hash: isthmus.then(empty_requests_hash),
        block_access_list_hash: None,
        slot_number: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Bytes, b256};
    use std::collections::BTreeMap;

    fn chain() -> ChainSpec {
        let mut alloc = BTreeMap::new();
        alloc.insert(
            Address::with_last_byte(1),
            GenesisAccount {
                balance: U256::from(10),
                ..Default::default()
            },
        );
        let mut storage = BTreeMap::new();
        storage.insert(B256::with_last_byte(1), B256::with_last_byte(2));
        storage.insert(B256::with_last_byte(3), B256::ZERO);
        alloc.insert(
            L2_TO_L1_MESSAGE_PASSER,
            GenesisAccount {
                balance: U256::ZERO,
                nonce: 1,
                code: Some(Bytes::from_static(&[0x60, 0x00])),
                storage,
            },
        );
        ChainSpec::dev(9990, alloc)
    }

    #[test]
    fn requests_hash_is_sha256_of_nothing() {
        assert_eq!(
            empty_requests_hash(),
            b256!("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
    }

    #[test]
    fn diff_carries_alloc() {
        let diff = genesis_diff(&chain());
        assert_eq!(diff.accounts.len(), 2);
        assert_eq!(diff.codes.len(), 1);
        let passer = &diff.accounts[&L2_TO_L1_MESSAGE_PASSER];
        assert_eq!(passer.storage.len(), 1, "zero slots are skipped");
        assert_eq!(passer.info.unwrap().nonce, 1);
    }

    #[test]
    fn header_has_isthmus_fields() {
        let chain = chain();
        let header = genesis_header(&chain, genesis_state_root(&chain));
        assert_eq!(header.extra_data.len(), 9);
        assert_eq!(header.requests_hash, Some(empty_requests_hash()));
        assert_ne!(header.withdrawals_root, Some(EMPTY_ROOT_HASH));
        assert_eq!(header.base_fee_per_gas, Some(1_000_000_000));
        let mut holocene = chain;
        holocene.hardfork = Hardfork::Holocene;
        let header = genesis_header(&holocene, B256::ZERO);
        assert_eq!(header.requests_hash, None);
        assert_eq!(header.withdrawals_root, Some(EMPTY_ROOT_HASH));
    }
}
