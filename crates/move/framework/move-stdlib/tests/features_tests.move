#[test_only]
/// Tests of `std::features`: the bitset, the framework-signer checks, the pending set and the
/// epoch switch, and the fixed flag numbers.
module std::features_tests {
    use std::features;
    use std::vector;

    #[test]
    fun bitset_set_and_clear() {
        let bits = vector<u8>[];
        features::set_for_testing(&mut bits, 1, true);
        features::set_for_testing(&mut bits, 5, true);
        features::set_for_testing(&mut bits, 17, true);
        assert!(vector::length(&bits) == 3, 0);
        assert!(bits == vector[0x22, 0x00, 0x02], 1);
        assert!(features::contains_for_testing(&bits, 1), 2);
        assert!(features::contains_for_testing(&bits, 5), 3);
        assert!(features::contains_for_testing(&bits, 17), 4);
        assert!(!features::contains_for_testing(&bits, 0), 5);
        assert!(!features::contains_for_testing(&bits, 16), 6);
        features::set_for_testing(&mut bits, 5, false);
        assert!(!features::contains_for_testing(&bits, 5), 7);
        assert!(features::contains_for_testing(&bits, 1), 8);
        assert!(bits == vector[0x02, 0x00, 0x02], 9);
    }

    #[test]
    fun bitset_bits_past_the_end_are_clear() {
        let bits = vector[0xffu8];
        assert!(features::contains_for_testing(&bits, 7), 0);
        assert!(!features::contains_for_testing(&bits, 8), 1);
        assert!(!features::contains_for_testing(&bits, 1000000), 2);
    }

    #[test]
    fun bitset_clearing_unknown_bit_grows_with_zeros() {
        let bits = vector<u8>[];
        features::set_for_testing(&mut bits, 20, false);
        assert!(bits == vector[0, 0, 0], 0);
    }

    #[test]
    fun nothing_enabled_without_resource() {
        assert!(!features::is_enabled(1), 0);
        assert!(!features::code_dependency_check_enabled(), 1);
        assert!(!features::module_event_enabled(), 2);
    }

    #[test(fx = @std)]
    fun change_for_testing_applies_now(fx: signer) {
        features::change_feature_flags_for_testing(&fx, vector[1, 9, 23], vector[]);
        assert!(features::is_enabled(1), 0);
        assert!(features::is_enabled(9), 1);
        assert!(features::is_enabled(23), 2);
        assert!(!features::is_enabled(2), 3);
        features::change_feature_flags_for_testing(&fx, vector[17], vector[9]);
        assert!(features::is_enabled(1), 4);
        assert!(!features::is_enabled(9), 5);
        assert!(features::is_enabled(17), 6);
        assert!(features::is_enabled(23), 7);
    }

    #[test(fx = @std)]
    fun disable_wins_over_enable(fx: signer) {
        features::change_feature_flags_for_testing(&fx, vector[4], vector[4]);
        assert!(!features::is_enabled(4), 0);
    }

    #[test(fx = @std)]
    fun named_predicates_follow_flags(fx: signer) {
        features::change_feature_flags_for_testing(&fx, vector[
            features::get_sha_512_and_ripemd_160_feature(),
            features::get_blake2b_256_feature(),
            features::get_module_event_feature(),
            features::get_native_memory_operations_feature(),
        ], vector[]);
        assert!(features::sha_512_and_ripemd_160_enabled(), 0);
        assert!(features::blake2b_256_enabled(), 1);
        assert!(features::module_event_enabled(), 2);
        assert!(features::is_native_memory_operations_enabled(), 3);
        assert!(!features::resource_groups_enabled(), 4);
        assert!(!features::keyless_accounts_enabled(), 5);
    }

    #[test(fx = @std)]
    fun next_epoch_changes_wait_for_epoch(fx: signer) {
        features::change_feature_flags_for_next_epoch(&fx, vector[30], vector[]);
        assert!(!features::is_enabled(30), 0);
        features::on_new_epoch(&fx);
        assert!(features::is_enabled(30), 1);
    }

    #[test(fx = @std)]
    fun next_epoch_builds_on_current_set(fx: signer) {
        features::change_feature_flags_for_testing(&fx, vector[3, 4], vector[]);
        features::change_feature_flags_for_next_epoch(&fx, vector[5], vector[3]);
        // Nothing changes until the epoch ends.
        assert!(features::is_enabled(3) && !features::is_enabled(5), 0);
        features::on_new_epoch(&fx);
        assert!(!features::is_enabled(3), 1);
        assert!(features::is_enabled(4), 2);
        assert!(features::is_enabled(5), 3);
    }

    #[test(fx = @std)]
    fun next_epoch_changes_accumulate(fx: signer) {
        features::change_feature_flags_for_next_epoch(&fx, vector[10], vector[]);
        features::change_feature_flags_for_next_epoch(&fx, vector[11], vector[]);
        features::change_feature_flags_for_next_epoch(&fx, vector[], vector[10]);
        features::on_new_epoch(&fx);
        assert!(!features::is_enabled(10), 0);
        assert!(features::is_enabled(11), 1);
    }

    #[test(fx = @std)]
    fun new_epoch_without_pending_changes_nothing(fx: signer) {
        features::on_new_epoch(&fx);
        assert!(!features::is_enabled(1), 0);
        features::change_feature_flags_for_testing(&fx, vector[1], vector[]);
        features::on_new_epoch(&fx);
        assert!(features::is_enabled(1), 1);
    }

    #[test(fx = @std)]
    #[expected_failure(abort_code = 0x30002, location = std::features)]
    fun old_change_entry_is_disabled(fx: signer) {
        features::change_feature_flags(&fx, vector[1], vector[]);
    }

    #[test(other = @0x2)]
    #[expected_failure(abort_code = 0x50001, location = std::features)]
    fun next_epoch_needs_framework_signer(other: signer) {
        features::change_feature_flags_for_next_epoch(&other, vector[1], vector[]);
    }

    #[test(other = @0x2)]
    #[expected_failure(abort_code = 0x50001, location = std::features)]
    fun new_epoch_needs_framework_signer(other: signer) {
        features::on_new_epoch(&other);
    }

    #[test(other = @0x3)]
    #[expected_failure(abort_code = 0x50001, location = std::features)]
    fun testing_change_needs_framework_signer(other: signer) {
        features::change_feature_flags_for_testing(&other, vector[1], vector[]);
    }

    #[test]
    fun flag_numbers_are_fixed() {
        assert!(features::get_sha_512_and_ripemd_160_feature() == 3, 0);
        assert!(features::get_aptos_stdlib_chain_id_feature() == 4, 1);
        assert!(features::get_vm_binary_format_v6() == 5, 2);
        assert!(features::multi_ed25519_pk_validate_v2_feature() == 7, 3);
        assert!(features::get_blake2b_256_feature() == 8, 4);
        assert!(features::get_resource_groups_feature() == 9, 5);
        assert!(features::get_multisig_accounts_feature() == 10, 6);
        assert!(features::get_delegation_pools_feature() == 11, 7);
        assert!(features::get_cryptography_algebra_natives_feature() == 12, 8);
        assert!(features::get_bls12_381_strutures_feature() == 13, 9);
        assert!(features::get_periodical_reward_rate_decrease_feature() == 16, 10);
        assert!(features::get_partial_governance_voting() == 17, 11);
        assert!(features::get_delegation_pool_partial_governance_voting() == 21, 12);
        assert!(features::get_bulletproofs_feature() == 24, 13);
        assert!(features::get_signer_native_format_fix_feature() == 25, 14);
        assert!(features::get_module_event_feature() == 26, 15);
        assert!(features::get_sponsored_automatic_account_creation() == 34, 16);
        assert!(features::get_operator_beneficiary_change_feature() == 39, 17);
        assert!(features::get_commission_change_delegation_pool_feature() == 42, 18);
        assert!(features::get_bn254_strutures_feature() == 43, 19);
        assert!(features::get_reconfigure_with_dkg_feature() == 45, 20);
        assert!(features::get_keyless_accounts_feature() == 46, 21);
        assert!(features::get_keyless_but_zkless_accounts_feature() == 47, 22);
        assert!(features::get_jwk_consensus_feature() == 49, 23);
        assert!(features::get_concurrent_fungible_assets_feature() == 50, 24);
        assert!(features::get_max_object_nesting_check_feature() == 53, 25);
        assert!(features::get_keyless_accounts_with_passkeys_feature() == 54, 26);
        assert!(features::get_multisig_v2_enhancement_feature() == 55, 27);
        assert!(features::get_delegation_pool_allowlisting_feature() == 56, 28);
        assert!(features::get_module_event_migration_feature() == 57, 29);
        assert!(features::get_transaction_context_extension_feature() == 59, 30);
        assert!(features::get_coin_to_fungible_asset_migration_feature() == 60, 31);
        assert!(features::get_object_native_derived_address_feature() == 62, 32);
        assert!(features::get_dispatchable_fungible_asset_feature() == 63, 33);
        assert!(features::get_new_accounts_default_to_fa_apt_store_feature() == 64, 34);
        assert!(features::get_operations_default_to_fa_apt_store_feature() == 65, 35);
        assert!(features::get_concurrent_fungible_balance_feature() == 67, 36);
        assert!(features::get_default_to_concurrent_fungible_balance_feature() == 68, 37);
        assert!(features::get_abort_if_multisig_payload_mismatch_feature() == 70, 38);
        assert!(features::get_transaction_simulation_enhancement_feature() == 78, 39);
        assert!(features::get_collection_owner_feature() == 79, 40);
        assert!(features::get_native_memory_operations_feature() == 80, 41);
        assert!(features::get_collect_and_distribute_gas_fees_feature() == 6, 42);
    }

    #[test(fx = @std)]
    fun predicates_without_getters(fx: signer) {
        features::change_feature_flags_for_testing(&fx, vector[1, 2, 22, 52, 61, 66], vector[]);
        assert!(features::code_dependency_check_enabled(), 0);
        assert!(features::treat_friend_as_private(), 1);
        assert!(features::fee_payer_enabled(), 2);
        assert!(features::is_object_code_deployment_enabled(), 3);
        assert!(features::primary_apt_fungible_store_at_user_address_enabled(), 4);
        assert!(features::aggregator_v2_is_at_least_api_enabled(), 5);
    }

    #[test]
    fun permanently_on_features() {
        assert!(features::auids_enabled(), 0);
        assert!(features::aggregator_v2_api_enabled(), 1);
        assert!(features::concurrent_token_v2_enabled(), 2);
        assert!(!features::collect_and_distribute_gas_fees(), 3);
        // These getters return an error code rather than aborting.
        assert!(features::get_auids() == 0x10003, 4);
        assert!(features::get_concurrent_token_v2_feature() == 0x10003, 5);
    }

    #[test]
    #[expected_failure(abort_code = 0x10003, location = std::features)]
    fun aggregator_v2_api_getter_aborts() {
        features::get_aggregator_v2_api_feature();
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::features)]
    fun aggregator_snapshots_getter_aborts() {
        features::get_aggregator_snapshots_feature();
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::features)]
    fun aggregator_snapshots_predicate_aborts() {
        features::aggregator_snapshots_enabled();
    }

    #[test]
    #[expected_failure(abort_code = 0x10003, location = std::features)]
    fun concurrent_assets_getter_aborts() {
        features::get_concurrent_assets_feature();
    }

    #[test]
    #[expected_failure(abort_code = 0x10003, location = std::features)]
    fun concurrent_assets_predicate_aborts() {
        features::concurrent_assets_enabled();
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::features)]
    fun primary_apt_store_getter_aborts() {
        features::get_primary_apt_fungible_store_at_user_address_feature();
    }
}
