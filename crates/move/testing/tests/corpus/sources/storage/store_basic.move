module corpus::store_basic {
    use std::signer;

    struct Balance has key { value: u64 }

    fun publish(s: &signer, value: u64) { move_to(s, Balance { value }) }

    fun value_of(a: address): u64 acquires Balance { borrow_global<Balance>(a).value }

    fun deposit(a: address, amount: u64) acquires Balance {
        let b = borrow_global_mut<Balance>(a);
        b.value = b.value + amount;
    }

    fun withdraw_all(s: &signer): u64 acquires Balance {
        let Balance { value } = move_from<Balance>(signer::address_of(s));
        value
    }

    #[test(a = @0xa)]
    fun publish_read_update(a: &signer) acquires Balance {
        let addr = signer::address_of(a);
        assert!(!exists<Balance>(addr), 1);
        publish(a, 10);
        assert!(exists<Balance>(addr), 2);
        deposit(addr, 5);
        assert!(value_of(addr) == 15, 3);
        assert!(withdraw_all(a) == 15, 4);
        assert!(!exists<Balance>(addr), 5);
    }

    #[test(a = @0xa, b = @0xb)]
    fun separate_accounts(a: &signer, b: &signer) acquires Balance {
        publish(a, 1);
        publish(b, 2);
        deposit(@0xb, 40);
        assert!(value_of(@0xa) == 1 && value_of(@0xb) == 42, 1);
    }

    #[test(a = @0xa)]
    #[expected_failure(major_status = 4004, location = Self)]
    fun publish_twice(a: &signer) {
        publish(a, 1);
        publish(a, 2);
    }

    #[test]
    #[expected_failure(major_status = 4008, location = Self)]
    fun read_missing() acquires Balance {
        value_of(@0x77);
    }

    #[test(a = @0xa)]
    #[expected_failure(major_status = 4008, location = Self)]
    fun move_from_twice(a: &signer) acquires Balance {
        publish(a, 3);
        withdraw_all(a);
        withdraw_all(a);
    }
}
