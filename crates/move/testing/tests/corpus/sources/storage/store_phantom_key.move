module corpus::store_phantom_key {
    struct GoldTag {}
    struct SilverTag {}
    struct Balance<phantom Tag> has key { amount: u64 }

    fun mint<Tag>(s: &signer, amount: u64) { move_to(s, Balance<Tag> { amount }) }
    fun amount<Tag>(a: address): u64 acquires Balance { borrow_global<Balance<Tag>>(a).amount }

    #[test(s = @0x8)]
    fun distinct_by_phantom(s: &signer) acquires Balance {
        mint<GoldTag>(s, 10);
        mint<SilverTag>(s, 20);
        assert!(amount<GoldTag>(@0x8) == 10, 1);
        assert!(amount<SilverTag>(@0x8) == 20, 2);
    }

    #[test(s = @0x8)]
    #[expected_failure(major_status = 4004, location = Self)]
    fun same_phantom_twice(s: &signer) {
        mint<GoldTag>(s, 1);
        mint<GoldTag>(s, 2);
    }

    #[test]
    #[expected_failure(major_status = 4008, location = Self)]
    fun missing_phantom_instance() acquires Balance {
        amount<SilverTag>(@0x8);
    }
}
