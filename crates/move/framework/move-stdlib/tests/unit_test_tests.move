#[test_only]
/// Tests of `std::unit_test`.
module std::unit_test_tests {
    use std::signer;
    use std::unit_test;
    use std::vector;

    #[test]
    fun creates_the_requested_number() {
        let signers = unit_test::create_signers_for_testing(3);
        assert!(vector::length(&signers) == 3, 0);
        vector::destroy(signers, |s| { let _ = signer::address_of(&s); });
    }

    #[test]
    fun zero_signers() {
        let signers = unit_test::create_signers_for_testing(0);
        assert!(vector::is_empty(&signers), 0);
        vector::destroy_empty(signers);
    }

    #[test]
    fun signers_have_distinct_addresses() {
        let signers = unit_test::create_signers_for_testing(5);
        let addrs = vector::map_ref(&signers, |s| signer::address_of(s));
        let i = 0;
        while (i < 5) {
            let j = i + 1;
            while (j < 5) {
                assert!(*vector::borrow(&addrs, i) != *vector::borrow(&addrs, j), i * 5 + j);
                j = j + 1;
            };
            i = i + 1;
        };
        vector::destroy(signers, |s| { let _ = signer::address_of(&s); });
    }

    #[test]
    fun same_count_gives_same_signers() {
        // The signers are a deterministic function of their count.
        let a = unit_test::create_signers_for_testing(2);
        let b = unit_test::create_signers_for_testing(2);
        let aa = vector::map_ref(&a, |s| signer::address_of(s));
        let bb = vector::map_ref(&b, |s| signer::address_of(s));
        assert!(aa == bb, 0);
        vector::destroy(a, |s| { let _ = signer::address_of(&s); });
        vector::destroy(b, |s| { let _ = signer::address_of(&s); });
    }
}
