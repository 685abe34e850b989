/// Feature flags.
///
/// The set of enabled features lives in the `Features` resource at `@std` as a bitset (bit `n`
/// of the byte vector is feature `n`). Framework code asks `is_enabled(id)` or one of the named
/// predicates below; the VM reads the same bitset for the flags it acts on. Governance changes
/// the set with `change_feature_flags_for_next_epoch`, and the change takes effect at
/// `on_new_epoch`. Flag numbers are fixed forever: a retired flag keeps its number.
module std::features {
    use std::error;
    use std::signer;
    use std::vector;

    /// The feature asked about no longer exists.
    const EINVALID_FEATURE: u64 = 1;
    /// This entry point has been switched off.
    const EAPI_DISABLED: u64 = 2;
    /// The feature is permanently on and has no flag any more.
    const EFEATURE_CANNOT_BE_DISABLED: u64 = 3;
    /// The signer is not the framework account `@std`.
    const EFRAMEWORK_SIGNER_NEEDED: u64 = 1;

    // ---------------------------------------------------------------------------------------
    // Flag numbers, with a getter returning the number and a predicate telling whether it is
    // on. Flags without functions are only read by the VM.

    /// Flag 1: checks of a package's dependencies when it is published.
    const CODE_DEPENDENCY_CHECK: u64 = 1;

    /// Whether flag CODE_DEPENDENCY_CHECK is on.
    public fun code_dependency_check_enabled(): bool acquires Features {
        is_enabled(CODE_DEPENDENCY_CHECK)
    }

    /// Flag 2: upgrade checks treating friend functions like private ones.
    const TREAT_FRIEND_AS_PRIVATE: u64 = 2;

    /// Whether flag TREAT_FRIEND_AS_PRIVATE is on.
    public fun treat_friend_as_private(): bool acquires Features {
        is_enabled(TREAT_FRIEND_AS_PRIVATE)
    }

    /// Flag 3: the SHA-512 and RIPEMD-160 natives.
    const SHA_512_AND_RIPEMD_160_NATIVES: u64 = 3;

    /// The number of flag SHA_512_AND_RIPEMD_160_NATIVES.
    public fun get_sha_512_and_ripemd_160_feature(): u64 { SHA_512_AND_RIPEMD_160_NATIVES }

    /// Whether flag SHA_512_AND_RIPEMD_160_NATIVES is on.
    public fun sha_512_and_ripemd_160_enabled(): bool acquires Features {
        is_enabled(SHA_512_AND_RIPEMD_160_NATIVES)
    }

    /// Flag 4: the chain id native in aptos_std.
    const APTOS_STD_CHAIN_ID_NATIVES: u64 = 4;

    /// The number of flag APTOS_STD_CHAIN_ID_NATIVES.
    public fun get_aptos_stdlib_chain_id_feature(): u64 { APTOS_STD_CHAIN_ID_NATIVES }

    /// Whether flag APTOS_STD_CHAIN_ID_NATIVES is on.
    public fun aptos_stdlib_chain_id_enabled(): bool acquires Features {
        is_enabled(APTOS_STD_CHAIN_ID_NATIVES)
    }

    /// Flag 5: publishing bytecode version 6.
    const VM_BINARY_FORMAT_V6: u64 = 5;

    /// The number of flag VM_BINARY_FORMAT_V6.
    public fun get_vm_binary_format_v6(): u64 { VM_BINARY_FORMAT_V6 }

    /// Whether flag VM_BINARY_FORMAT_V6 is on.
    public fun allow_vm_binary_format_v6(): bool acquires Features {
        is_enabled(VM_BINARY_FORMAT_V6)
    }

    /// Flag 7: the v2 MultiEd25519 public key validation native.
    const MULTI_ED25519_PK_VALIDATE_V2_NATIVES: u64 = 7;

    /// The number of flag MULTI_ED25519_PK_VALIDATE_V2_NATIVES.
    public fun multi_ed25519_pk_validate_v2_feature(): u64 { MULTI_ED25519_PK_VALIDATE_V2_NATIVES }

    /// Whether flag MULTI_ED25519_PK_VALIDATE_V2_NATIVES is on.
    public fun multi_ed25519_pk_validate_v2_enabled(): bool acquires Features {
        is_enabled(MULTI_ED25519_PK_VALIDATE_V2_NATIVES)
    }

    /// Flag 8: the BLAKE2b-256 native.
    const BLAKE2B_256_NATIVE: u64 = 8;

    /// The number of flag BLAKE2B_256_NATIVE.
    public fun get_blake2b_256_feature(): u64 { BLAKE2B_256_NATIVE }

    /// Whether flag BLAKE2B_256_NATIVE is on.
    public fun blake2b_256_enabled(): bool acquires Features {
        is_enabled(BLAKE2B_256_NATIVE)
    }

    /// Flag 9: resource groups.
    const RESOURCE_GROUPS: u64 = 9;

    /// The number of flag RESOURCE_GROUPS.
    public fun get_resource_groups_feature(): u64 { RESOURCE_GROUPS }

    /// Whether flag RESOURCE_GROUPS is on.
    public fun resource_groups_enabled(): bool acquires Features {
        is_enabled(RESOURCE_GROUPS)
    }

    /// Flag 10: multisig accounts.
    const MULTISIG_ACCOUNTS: u64 = 10;

    /// The number of flag MULTISIG_ACCOUNTS.
    public fun get_multisig_accounts_feature(): u64 { MULTISIG_ACCOUNTS }

    /// Whether flag MULTISIG_ACCOUNTS is on.
    public fun multisig_accounts_enabled(): bool acquires Features {
        is_enabled(MULTISIG_ACCOUNTS)
    }

    /// Flag 11: delegation pools.
    const DELEGATION_POOLS: u64 = 11;

    /// The number of flag DELEGATION_POOLS.
    public fun get_delegation_pools_feature(): u64 { DELEGATION_POOLS }

    /// Whether flag DELEGATION_POOLS is on.
    public fun delegation_pools_enabled(): bool acquires Features {
        is_enabled(DELEGATION_POOLS)
    }

    /// Flag 12: the generic algebra natives.
    const CRYPTOGRAPHY_ALGEBRA_NATIVES: u64 = 12;

    /// The number of flag CRYPTOGRAPHY_ALGEBRA_NATIVES.
    public fun get_cryptography_algebra_natives_feature(): u64 { CRYPTOGRAPHY_ALGEBRA_NATIVES }

    /// Whether flag CRYPTOGRAPHY_ALGEBRA_NATIVES is on.
    public fun cryptography_algebra_enabled(): bool acquires Features {
        is_enabled(CRYPTOGRAPHY_ALGEBRA_NATIVES)
    }

    /// Flag 13: the BLS12-381 structures of the algebra natives.
    const BLS12_381_STRUCTURES: u64 = 13;

    /// The number of flag BLS12_381_STRUCTURES.
    public fun get_bls12_381_strutures_feature(): u64 { BLS12_381_STRUCTURES }

    /// Whether flag BLS12_381_STRUCTURES is on.
    public fun bls12_381_structures_enabled(): bool acquires Features {
        is_enabled(BLS12_381_STRUCTURES)
    }

    /// Flag 14: Ed25519 key validation returning false on a wrong length (read by the VM).
    const ED25519_PUBKEY_VALIDATE_RETURN_FALSE_WRONG_LENGTH: u64 = 14;

    /// Flag 15: struct constructors as transaction arguments (read by the VM).
    const STRUCT_CONSTRUCTORS: u64 = 15;

    /// Flag 16: the periodic decrease of the staking reward rate.
    const PERIODICAL_REWARD_RATE_DECREASE: u64 = 16;

    /// The number of flag PERIODICAL_REWARD_RATE_DECREASE.
    public fun get_periodical_reward_rate_decrease_feature(): u64 { PERIODICAL_REWARD_RATE_DECREASE }

    /// Whether flag PERIODICAL_REWARD_RATE_DECREASE is on.
    public fun periodical_reward_rate_decrease_enabled(): bool acquires Features {
        is_enabled(PERIODICAL_REWARD_RATE_DECREASE)
    }

    /// Flag 17: voting with part of a stake.
    const PARTIAL_GOVERNANCE_VOTING: u64 = 17;

    /// The number of flag PARTIAL_GOVERNANCE_VOTING.
    public fun get_partial_governance_voting(): u64 { PARTIAL_GOVERNANCE_VOTING }

    /// Whether flag PARTIAL_GOVERNANCE_VOTING is on.
    public fun partial_governance_voting_enabled(): bool acquires Features {
        is_enabled(PARTIAL_GOVERNANCE_VOTING)
    }

    /// Flag 20: charging gas for invariant violations (read by the VM).
    const CHARGE_INVARIANT_VIOLATION: u64 = 20;

    /// Flag 21: partial voting through delegation pools.
    const DELEGATION_POOL_PARTIAL_GOVERNANCE_VOTING: u64 = 21;

    /// The number of flag DELEGATION_POOL_PARTIAL_GOVERNANCE_VOTING.
    public fun get_delegation_pool_partial_governance_voting(): u64 { DELEGATION_POOL_PARTIAL_GOVERNANCE_VOTING }

    /// Whether flag DELEGATION_POOL_PARTIAL_GOVERNANCE_VOTING is on.
    public fun delegation_pool_partial_governance_voting_enabled(): bool acquires Features {
        is_enabled(DELEGATION_POOL_PARTIAL_GOVERNANCE_VOTING)
    }

    /// Flag 22: fee payer transactions.
    const FEE_PAYER_ENABLED: u64 = 22;

    /// Whether flag FEE_PAYER_ENABLED is on.
    public fun fee_payer_enabled(): bool acquires Features {
        is_enabled(FEE_PAYER_ENABLED)
    }

    /// Flag 23: unique identifiers (AUIDs); always on now.
    const APTOS_UNIQUE_IDENTIFIERS: u64 = 23;

    /// Flag 24: the Bulletproofs natives.
    const BULLETPROOFS_NATIVES: u64 = 24;

    /// The number of flag BULLETPROOFS_NATIVES.
    public fun get_bulletproofs_feature(): u64 { BULLETPROOFS_NATIVES }

    /// Whether flag BULLETPROOFS_NATIVES is on.
    public fun bulletproofs_enabled(): bool acquires Features {
        is_enabled(BULLETPROOFS_NATIVES)
    }

    /// Flag 25: the corrected native format of signers.
    const SIGNER_NATIVE_FORMAT_FIX: u64 = 25;

    /// The number of flag SIGNER_NATIVE_FORMAT_FIX.
    public fun get_signer_native_format_fix_feature(): u64 { SIGNER_NATIVE_FORMAT_FIX }

    /// Whether flag SIGNER_NATIVE_FORMAT_FIX is on.
    public fun signer_native_format_fix_enabled(): bool acquires Features {
        is_enabled(SIGNER_NATIVE_FORMAT_FIX)
    }

    /// Flag 26: module events.
    const MODULE_EVENT: u64 = 26;

    /// The number of flag MODULE_EVENT.
    public fun get_module_event_feature(): u64 { MODULE_EVENT }

    /// Whether flag MODULE_EVENT is on.
    public fun module_event_enabled(): bool acquires Features {
        is_enabled(MODULE_EVENT)
    }

    /// Flag 29: the signature checker fix for scripts (read by the VM).
    const SIGNATURE_CHECKER_V2_SCRIPT_FIX: u64 = 29;

    /// Flag 31: stricter checks of resource groups (read by the VM).
    const SAFER_RESOURCE_GROUPS: u64 = 31;

    /// Flag 32: stricter checks of module metadata (read by the VM).
    const SAFER_METADATA: u64 = 32;

    /// Flag 33: the single-sender authenticator (read by the VM).
    const SINGLE_SENDER_AUTHENTICATOR: u64 = 33;

    /// Flag 34: creating an account in a sponsored transaction.
    const SPONSORED_AUTOMATIC_ACCOUNT_CREATION: u64 = 34;

    /// The number of flag SPONSORED_AUTOMATIC_ACCOUNT_CREATION.
    public fun get_sponsored_automatic_account_creation(): u64 { SPONSORED_AUTOMATIC_ACCOUNT_CREATION }

    /// Whether flag SPONSORED_AUTOMATIC_ACCOUNT_CREATION is on.
    public fun sponsored_automatic_account_creation_enabled(): bool acquires Features {
        is_enabled(SPONSORED_AUTOMATIC_ACCOUNT_CREATION)
    }

    /// Flag 35: fee payer transactions without an existing account (read by the VM).
    const FEE_PAYER_ACCOUNT_OPTIONAL: u64 = 35;

    /// Flag 38: the limit on identifier length (read by the VM).
    const LIMIT_MAX_IDENTIFIER_LENGTH: u64 = 38;

    /// Flag 39: operators choosing a beneficiary for their commission.
    const OPERATOR_BENEFICIARY_CHANGE: u64 = 39;

    /// The number of flag OPERATOR_BENEFICIARY_CHANGE.
    public fun get_operator_beneficiary_change_feature(): u64 { OPERATOR_BENEFICIARY_CHANGE }

    /// Whether flag OPERATOR_BENEFICIARY_CHANGE is on.
    public fun operator_beneficiary_change_enabled(): bool acquires Features {
        is_enabled(OPERATOR_BENEFICIARY_CHANGE)
    }

    /// Flag 40: publishing bytecode version 7 (read by the VM).
    const VM_BINARY_FORMAT_V7: u64 = 40;

    /// Flag 41: resource groups split in the change set (read by the VM).
    const RESOURCE_GROUPS_SPLIT_IN_VM_CHANGE_SET: u64 = 41;

    /// Flag 42: changing the commission of a delegation pool.
    const COMMISSION_CHANGE_DELEGATION_POOL: u64 = 42;

    /// The number of flag COMMISSION_CHANGE_DELEGATION_POOL.
    public fun get_commission_change_delegation_pool_feature(): u64 { COMMISSION_CHANGE_DELEGATION_POOL }

    /// Whether flag COMMISSION_CHANGE_DELEGATION_POOL is on.
    public fun commission_change_delegation_pool_enabled(): bool acquires Features {
        is_enabled(COMMISSION_CHANGE_DELEGATION_POOL)
    }

    /// Flag 43: the BN254 structures of the algebra natives.
    const BN254_STRUCTURES: u64 = 43;

    /// The number of flag BN254_STRUCTURES.
    public fun get_bn254_strutures_feature(): u64 { BN254_STRUCTURES }

    /// Whether flag BN254_STRUCTURES is on.
    public fun bn254_structures_enabled(): bool acquires Features {
        is_enabled(BN254_STRUCTURES)
    }

    /// Flag 45: reconfiguration with distributed key generation.
    const RECONFIGURE_WITH_DKG: u64 = 45;

    /// The number of flag RECONFIGURE_WITH_DKG.
    public fun get_reconfigure_with_dkg_feature(): u64 { RECONFIGURE_WITH_DKG }

    /// Whether flag RECONFIGURE_WITH_DKG is on.
    public fun reconfigure_with_dkg_enabled(): bool acquires Features {
        is_enabled(RECONFIGURE_WITH_DKG)
    }

    /// Flag 46: keyless accounts.
    const KEYLESS_ACCOUNTS: u64 = 46;

    /// The number of flag KEYLESS_ACCOUNTS.
    public fun get_keyless_accounts_feature(): u64 { KEYLESS_ACCOUNTS }

    /// Whether flag KEYLESS_ACCOUNTS is on.
    public fun keyless_accounts_enabled(): bool acquires Features {
        is_enabled(KEYLESS_ACCOUNTS)
    }

    /// Flag 47: keyless accounts without zero-knowledge proofs.
    const KEYLESS_BUT_ZKLESS_ACCOUNTS: u64 = 47;

    /// The number of flag KEYLESS_BUT_ZKLESS_ACCOUNTS.
    public fun get_keyless_but_zkless_accounts_feature(): u64 { KEYLESS_BUT_ZKLESS_ACCOUNTS }

    /// Whether flag KEYLESS_BUT_ZKLESS_ACCOUNTS is on.
    public fun keyless_but_zkless_accounts_feature_enabled(): bool acquires Features {
        is_enabled(KEYLESS_BUT_ZKLESS_ACCOUNTS)
    }

    /// Flag 49: consensus on JSON web keys.
    const JWK_CONSENSUS: u64 = 49;

    /// The number of flag JWK_CONSENSUS.
    public fun get_jwk_consensus_feature(): u64 { JWK_CONSENSUS }

    /// Whether flag JWK_CONSENSUS is on.
    public fun jwk_consensus_enabled(): bool acquires Features {
        is_enabled(JWK_CONSENSUS)
    }

    /// Flag 50: concurrent supply of fungible assets.
    const CONCURRENT_FUNGIBLE_ASSETS: u64 = 50;

    /// The number of flag CONCURRENT_FUNGIBLE_ASSETS.
    public fun get_concurrent_fungible_assets_feature(): u64 { CONCURRENT_FUNGIBLE_ASSETS }

    /// Whether flag CONCURRENT_FUNGIBLE_ASSETS is on.
    public fun concurrent_fungible_assets_enabled(): bool acquires Features {
        is_enabled(CONCURRENT_FUNGIBLE_ASSETS)
    }

    /// Flag 52: publishing code to objects.
    const OBJECT_CODE_DEPLOYMENT: u64 = 52;

    /// Whether flag OBJECT_CODE_DEPLOYMENT is on.
    public fun is_object_code_deployment_enabled(): bool acquires Features {
        is_enabled(OBJECT_CODE_DEPLOYMENT)
    }

    /// Flag 53: the limit on object nesting.
    const MAX_OBJECT_NESTING_CHECK: u64 = 53;

    /// The number of flag MAX_OBJECT_NESTING_CHECK.
    public fun get_max_object_nesting_check_feature(): u64 { MAX_OBJECT_NESTING_CHECK }

    /// Whether flag MAX_OBJECT_NESTING_CHECK is on.
    public fun max_object_nesting_check_enabled(): bool acquires Features {
        is_enabled(MAX_OBJECT_NESTING_CHECK)
    }

    /// Flag 54: keyless accounts with passkeys.
    const KEYLESS_ACCOUNTS_WITH_PASSKEYS: u64 = 54;

    /// The number of flag KEYLESS_ACCOUNTS_WITH_PASSKEYS.
    public fun get_keyless_accounts_with_passkeys_feature(): u64 { KEYLESS_ACCOUNTS_WITH_PASSKEYS }

    /// Whether flag KEYLESS_ACCOUNTS_WITH_PASSKEYS is on.
    public fun keyless_accounts_with_passkeys_feature_enabled(): bool acquires Features {
        is_enabled(KEYLESS_ACCOUNTS_WITH_PASSKEYS)
    }

    /// Flag 55: the multisig v2 improvements.
    const MULTISIG_V2_ENHANCEMENT: u64 = 55;

    /// The number of flag MULTISIG_V2_ENHANCEMENT.
    public fun get_multisig_v2_enhancement_feature(): u64 { MULTISIG_V2_ENHANCEMENT }

    /// Whether flag MULTISIG_V2_ENHANCEMENT is on.
    public fun multisig_v2_enhancement_feature_enabled(): bool acquires Features {
        is_enabled(MULTISIG_V2_ENHANCEMENT)
    }

    /// Flag 56: allowlists for delegation pools.
    const DELEGATION_POOL_ALLOWLISTING: u64 = 56;

    /// The number of flag DELEGATION_POOL_ALLOWLISTING.
    public fun get_delegation_pool_allowlisting_feature(): u64 { DELEGATION_POOL_ALLOWLISTING }

    /// Whether flag DELEGATION_POOL_ALLOWLISTING is on.
    public fun delegation_pool_allowlisting_enabled(): bool acquires Features {
        is_enabled(DELEGATION_POOL_ALLOWLISTING)
    }

    /// Flag 57: emitting module events instead of handle events.
    const MODULE_EVENT_MIGRATION: u64 = 57;

    /// The number of flag MODULE_EVENT_MIGRATION.
    public fun get_module_event_migration_feature(): u64 { MODULE_EVENT_MIGRATION }

    /// Whether flag MODULE_EVENT_MIGRATION is on.
    public fun module_event_migration_enabled(): bool acquires Features {
        is_enabled(MODULE_EVENT_MIGRATION)
    }

    /// Flag 59: the extended transaction context.
    const TRANSACTION_CONTEXT_EXTENSION: u64 = 59;

    /// The number of flag TRANSACTION_CONTEXT_EXTENSION.
    public fun get_transaction_context_extension_feature(): u64 { TRANSACTION_CONTEXT_EXTENSION }

    /// Whether flag TRANSACTION_CONTEXT_EXTENSION is on.
    public fun transaction_context_extension_enabled(): bool acquires Features {
        is_enabled(TRANSACTION_CONTEXT_EXTENSION)
    }

    /// Flag 60: migrating coins to fungible assets.
    const COIN_TO_FUNGIBLE_ASSET_MIGRATION: u64 = 60;

    /// The number of flag COIN_TO_FUNGIBLE_ASSET_MIGRATION.
    public fun get_coin_to_fungible_asset_migration_feature(): u64 { COIN_TO_FUNGIBLE_ASSET_MIGRATION }

    /// Whether flag COIN_TO_FUNGIBLE_ASSET_MIGRATION is on.
    public fun coin_to_fungible_asset_migration_feature_enabled(): bool acquires Features {
        is_enabled(COIN_TO_FUNGIBLE_ASSET_MIGRATION)
    }

    /// Flag 62: the native computation of derived object addresses.
    const OBJECT_NATIVE_DERIVED_ADDRESS: u64 = 62;

    /// The number of flag OBJECT_NATIVE_DERIVED_ADDRESS.
    public fun get_object_native_derived_address_feature(): u64 { OBJECT_NATIVE_DERIVED_ADDRESS }

    /// Whether flag OBJECT_NATIVE_DERIVED_ADDRESS is on.
    public fun object_native_derived_address_enabled(): bool acquires Features {
        is_enabled(OBJECT_NATIVE_DERIVED_ADDRESS)
    }

    /// Flag 63: dispatchable fungible assets.
    const DISPATCHABLE_FUNGIBLE_ASSET: u64 = 63;

    /// The number of flag DISPATCHABLE_FUNGIBLE_ASSET.
    public fun get_dispatchable_fungible_asset_feature(): u64 { DISPATCHABLE_FUNGIBLE_ASSET }

    /// Whether flag DISPATCHABLE_FUNGIBLE_ASSET is on.
    public fun dispatchable_fungible_asset_enabled(): bool acquires Features {
        is_enabled(DISPATCHABLE_FUNGIBLE_ASSET)
    }

    /// Flag 64: new accounts holding APT in a fungible store.
    const NEW_ACCOUNTS_DEFAULT_TO_FA_APT_STORE: u64 = 64;

    /// The number of flag NEW_ACCOUNTS_DEFAULT_TO_FA_APT_STORE.
    public fun get_new_accounts_default_to_fa_apt_store_feature(): u64 { NEW_ACCOUNTS_DEFAULT_TO_FA_APT_STORE }

    /// Whether flag NEW_ACCOUNTS_DEFAULT_TO_FA_APT_STORE is on.
    public fun new_accounts_default_to_fa_apt_store_enabled(): bool acquires Features {
        is_enabled(NEW_ACCOUNTS_DEFAULT_TO_FA_APT_STORE)
    }

    /// Flag 65: operations using the APT fungible store.
    const OPERATIONS_DEFAULT_TO_FA_APT_STORE: u64 = 65;

    /// The number of flag OPERATIONS_DEFAULT_TO_FA_APT_STORE.
    public fun get_operations_default_to_fa_apt_store_feature(): u64 { OPERATIONS_DEFAULT_TO_FA_APT_STORE }

    /// Whether flag OPERATIONS_DEFAULT_TO_FA_APT_STORE is on.
    public fun operations_default_to_fa_apt_store_enabled(): bool acquires Features {
        is_enabled(OPERATIONS_DEFAULT_TO_FA_APT_STORE)
    }

    /// Flag 66: the aggregator v2 is_at_least API.
    const AGGREGATOR_V2_IS_AT_LEAST_API: u64 = 66;

    /// Whether flag AGGREGATOR_V2_IS_AT_LEAST_API is on.
    public fun aggregator_v2_is_at_least_api_enabled(): bool acquires Features {
        is_enabled(AGGREGATOR_V2_IS_AT_LEAST_API)
    }

    /// Flag 67: concurrent balances in fungible stores.
    const CONCURRENT_FUNGIBLE_BALANCE: u64 = 67;

    /// The number of flag CONCURRENT_FUNGIBLE_BALANCE.
    public fun get_concurrent_fungible_balance_feature(): u64 { CONCURRENT_FUNGIBLE_BALANCE }

    /// Whether flag CONCURRENT_FUNGIBLE_BALANCE is on.
    public fun concurrent_fungible_balance_enabled(): bool acquires Features {
        is_enabled(CONCURRENT_FUNGIBLE_BALANCE)
    }

    /// Flag 68: new fungible stores having concurrent balances.
    const DEFAULT_TO_CONCURRENT_FUNGIBLE_BALANCE: u64 = 68;

    /// The number of flag DEFAULT_TO_CONCURRENT_FUNGIBLE_BALANCE.
    public fun get_default_to_concurrent_fungible_balance_feature(): u64 { DEFAULT_TO_CONCURRENT_FUNGIBLE_BALANCE }

    /// Whether flag DEFAULT_TO_CONCURRENT_FUNGIBLE_BALANCE is on.
    public fun default_to_concurrent_fungible_balance_enabled(): bool acquires Features {
        is_enabled(DEFAULT_TO_CONCURRENT_FUNGIBLE_BALANCE)
    }

    /// Flag 70: aborting when a multisig payload does not match.
    const ABORT_IF_MULTISIG_PAYLOAD_MISMATCH: u64 = 70;

    /// The number of flag ABORT_IF_MULTISIG_PAYLOAD_MISMATCH.
    public fun get_abort_if_multisig_payload_mismatch_feature(): u64 { ABORT_IF_MULTISIG_PAYLOAD_MISMATCH }

    /// Whether flag ABORT_IF_MULTISIG_PAYLOAD_MISMATCH is on.
    public fun abort_if_multisig_payload_mismatch_enabled(): bool acquires Features {
        is_enabled(ABORT_IF_MULTISIG_PAYLOAD_MISMATCH)
    }

    /// Flag 78: the improved transaction simulation.
    const TRANSACTION_SIMULATION_ENHANCEMENT: u64 = 78;

    /// The number of flag TRANSACTION_SIMULATION_ENHANCEMENT.
    public fun get_transaction_simulation_enhancement_feature(): u64 { TRANSACTION_SIMULATION_ENHANCEMENT }

    /// Whether flag TRANSACTION_SIMULATION_ENHANCEMENT is on.
    public fun transaction_simulation_enhancement_enabled(): bool acquires Features {
        is_enabled(TRANSACTION_SIMULATION_ENHANCEMENT)
    }

    /// Flag 79: collection owners of digital assets.
    const COLLECTION_OWNER: u64 = 79;

    /// The number of flag COLLECTION_OWNER.
    public fun get_collection_owner_feature(): u64 { COLLECTION_OWNER }

    /// Whether flag COLLECTION_OWNER is on.
    public fun is_collection_owner_enabled(): bool acquires Features {
        is_enabled(COLLECTION_OWNER)
    }

    /// Flag 80: the native memory operations (mem, vector::move_range).
    const NATIVE_MEMORY_OPERATIONS: u64 = 80;

    /// The number of flag NATIVE_MEMORY_OPERATIONS.
    public fun get_native_memory_operations_feature(): u64 { NATIVE_MEMORY_OPERATIONS }

    /// Whether flag NATIVE_MEMORY_OPERATIONS is on.
    public fun is_native_memory_operations_enabled(): bool acquires Features {
        is_enabled(NATIVE_MEMORY_OPERATIONS)
    }

    // ---------------------------------------------------------------------------------------
    // Retired flags, kept with their old behaviour

    #[deprecated]
    /// Gas fee collection and distribution (retired).
    const COLLECT_AND_DISTRIBUTE_GAS_FEES: u64 = 6;

    #[deprecated]
    /// The retired number of gas fee collection.
    public fun get_collect_and_distribute_gas_fees_feature(): u64 { COLLECT_AND_DISTRIBUTE_GAS_FEES }

    #[deprecated]
    /// Gas fee collection is retired: always false.
    public fun collect_and_distribute_gas_fees(): bool {
        false
    }

    /// Unique identifiers are always on; this returns an error code instead of a flag number.
    public fun get_auids(): u64 {
        error::invalid_argument(EFEATURE_CANNOT_BE_DISABLED)
    }

    /// Always true.
    public fun auids_enabled(): bool {
        true
    }

    /// The aggregator v2 API has no flag any more; aborts.
    public fun get_aggregator_v2_api_feature(): u64 {
        abort error::invalid_argument(EFEATURE_CANNOT_BE_DISABLED)
    }

    /// Always true.
    public fun aggregator_v2_api_enabled(): bool {
        true
    }

    #[deprecated]
    /// Retired; aborts.
    public fun get_aggregator_snapshots_feature(): u64 {
        abort error::invalid_argument(EINVALID_FEATURE)
    }

    #[deprecated]
    /// Retired; aborts.
    public fun aggregator_snapshots_enabled(): bool {
        abort error::invalid_argument(EINVALID_FEATURE)
    }

    /// Concurrent token v2 is always on; this returns an error code instead of a flag number.
    public fun get_concurrent_token_v2_feature(): u64 {
        error::invalid_argument(EFEATURE_CANNOT_BE_DISABLED)
    }

    /// Always true.
    public fun concurrent_token_v2_enabled(): bool {
        true
    }

    #[deprecated]
    /// Retired; aborts.
    public fun get_concurrent_assets_feature(): u64 {
        abort error::invalid_argument(EFEATURE_CANNOT_BE_DISABLED)
    }

    #[deprecated]
    /// Retired; aborts.
    public fun concurrent_assets_enabled(): bool {
        abort error::invalid_argument(EFEATURE_CANNOT_BE_DISABLED)
    }

    /// The primary APT store at the user's address (retired; the flag is still readable).
    const PRIMARY_APT_FUNGIBLE_STORE_AT_USER_ADDRESS: u64 = 61;

    #[deprecated]
    /// Retired; aborts.
    public fun get_primary_apt_fungible_store_at_user_address_feature(): u64 {
        abort error::invalid_argument(EINVALID_FEATURE)
    }

    #[deprecated]
    /// Whether flag 61 is set.
    public fun primary_apt_fungible_store_at_user_address_enabled(): bool acquires Features {
        is_enabled(PRIMARY_APT_FUNGIBLE_STORE_AT_USER_ADDRESS)
    }

    // ---------------------------------------------------------------------------------------
    // Storage of the flag set

    /// The flags in effect: bit `n % 8` of byte `n / 8` is feature `n`.
    struct Features has key {
        features: vector<u8>,
    }

    /// The flags that take effect at the next epoch change.
    struct PendingFeatures has key {
        features: vector<u8>,
    }

    /// The old immediate entry point; disabled, always aborts with `invalid_state(EAPI_DISABLED)`.
    public fun change_feature_flags(_framework: &signer, _enable: vector<u64>, _disable: vector<u64>) {
        abort error::invalid_state(EAPI_DISABLED)
    }

    /// Applies `enable` then `disable` to the flags in effect, creating `Features` if needed.
    fun change_feature_flags_internal(framework: &signer, enable: vector<u64>, disable: vector<u64>) acquires Features {
        ensure_framework_signer(framework);
        if (!exists<Features>(@std)) {
            move_to<Features>(framework, Features { features: vector::empty<u8>() })
        };
        let bits = &mut borrow_global_mut<Features>(@std).features;
        apply_diff(bits, enable, disable);
    }

    /// Records `enable` then `disable` as the flags for the next epoch. The base is the set
    /// already pending if there is one, else the set in effect, else the empty set. Aborts with
    /// `permission_denied(EFRAMEWORK_SIGNER_NEEDED)` unless `framework` is `@std`.
    public fun change_feature_flags_for_next_epoch(
        framework: &signer,
        enable: vector<u64>,
        disable: vector<u64>
    ) acquires PendingFeatures, Features {
        ensure_framework_signer(framework);
        let next = if (exists<PendingFeatures>(@std)) {
            let PendingFeatures { features } = move_from<PendingFeatures>(@std);
            features
        } else if (exists<Features>(@std)) {
            *&borrow_global<Features>(@std).features
        } else {
            vector::empty<u8>()
        };
        apply_diff(&mut next, enable, disable);
        move_to(framework, PendingFeatures { features: next });
    }

    /// Makes the pending flags (if any) the flags in effect. Called at each epoch change.
    /// Aborts with `permission_denied(EFRAMEWORK_SIGNER_NEEDED)` unless `framework` is `@std`.
    public fun on_new_epoch(framework: &signer) acquires Features, PendingFeatures {
        ensure_framework_signer(framework);
        if (!exists<PendingFeatures>(@std)) {
            return
        };
        let PendingFeatures { features } = move_from<PendingFeatures>(@std);
        if (exists<Features>(@std)) {
            borrow_global_mut<Features>(@std).features = features;
        } else {
            move_to(framework, Features { features })
        }
    }

    #[view]
    /// Whether feature `feature` is on (false when no flags were ever set).
    public fun is_enabled(feature: u64): bool acquires Features {
        if (!exists<Features>(@std)) {
            return false
        };
        contains(&borrow_global<Features>(@std).features, feature)
    }

    /// Sets or clears bit `feature`, growing the vector with zero bytes as needed.
    fun set(features: &mut vector<u8>, feature: u64, include: bool) {
        let byte = feature / 8;
        let mask = 1u8 << ((feature % 8) as u8);
        while (vector::length(features) <= byte) {
            vector::push_back(features, 0u8);
        };
        let slot = vector::borrow_mut(features, byte);
        if (include) {
            *slot = *slot | mask;
        } else {
            *slot = *slot & (mask ^ 0xffu8);
        }
    }

    /// Whether bit `feature` is set (bits past the end are clear).
    fun contains(features: &vector<u8>, feature: u64): bool {
        let byte = feature / 8;
        if (byte >= vector::length(features)) {
            return false
        };
        let mask = 1u8 << ((feature % 8) as u8);
        (*vector::borrow(features, byte) & mask) != 0
    }

    /// Sets every flag in `enable`, then clears every flag in `disable` (so a flag in both ends
    /// up clear).
    fun apply_diff(features: &mut vector<u8>, enable: vector<u64>, disable: vector<u64>) {
        let i = 0;
        let n = vector::length(&enable);
        while (i < n) {
            set(features, *vector::borrow(&enable, i), true);
            i = i + 1;
        };
        let j = 0;
        let m = vector::length(&disable);
        while (j < m) {
            set(features, *vector::borrow(&disable, j), false);
            j = j + 1;
        };
    }

    /// Aborts with `permission_denied(EFRAMEWORK_SIGNER_NEEDED)` unless `account` is `@std`.
    fun ensure_framework_signer(account: &signer) {
        assert!(signer::address_of(account) == @std, error::permission_denied(EFRAMEWORK_SIGNER_NEEDED));
    }

    #[test_only]
    /// Changes the flags in effect immediately (tests only).
    public fun change_feature_flags_for_testing(
        framework: &signer,
        enable: vector<u64>,
        disable: vector<u64>
    ) acquires Features {
        change_feature_flags_internal(framework, enable, disable)
    }

    #[test_only]
    /// The bitset helpers, exposed for the tests of this module.
    public fun set_for_testing(features: &mut vector<u8>, feature: u64, include: bool) {
        set(features, feature, include)
    }

    #[test_only]
    /// See `set_for_testing`.
    public fun contains_for_testing(features: &vector<u8>, feature: u64): bool {
        contains(features, feature)
    }
}
