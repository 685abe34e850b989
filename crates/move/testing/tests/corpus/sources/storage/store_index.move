module corpus::store_index {
    use std::signer;

    struct Config has key, drop { limit: u64, owner: address }

    #[test(s = @0xc0ffee)]
    fun resource_index_notation(s: &signer) acquires Config {
        let a = signer::address_of(s);
        move_to(s, Config { limit: 3, owner: a });
        assert!(Config[a].limit == 3, 1);
        Config[a].limit = 30;
        let r = &mut Config[a];
        r.limit = r.limit + 1;
        assert!((&Config[a]).limit == 31, 2);
        assert!(Config[a].owner == @0xc0ffee, 3);
    }

    #[test]
    #[expected_failure(major_status = 4008, location = Self)]
    fun index_missing() acquires Config {
        let _ = Config[@0x5].limit;
    }
}
