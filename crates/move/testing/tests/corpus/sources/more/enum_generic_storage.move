module corpus::enum_generic_storage {
    enum Slot<T: store> has key, drop { Empty, Filled(T) }

    fun fill<T: store + drop>(s: &signer, v: T) acquires Slot {
        let a = std::signer::address_of(s);
        if (!exists<Slot<T>>(a)) {
            move_to(s, Slot::Filled(v));
        } else {
            let slot = borrow_global_mut<Slot<T>>(a);
            *slot = Slot::Filled(v);
        }
    }

    fun clear<T: store + drop>(a: address) acquires Slot {
        *borrow_global_mut<Slot<T>>(a) = Slot::Empty;
    }

    fun is_filled<T: store>(a: address): bool acquires Slot {
        exists<Slot<T>>(a) && (borrow_global<Slot<T>>(a) is Slot::Filled)
    }

    #[test(s = @0x51)]
    fun generic_enum_resource(s: &signer) acquires Slot {
        fill(s, 5u64);
        fill(s, b"x");
        assert!(is_filled<u64>(@0x51) && is_filled<vector<u8>>(@0x51) && !is_filled<bool>(@0x51), 1);
        clear<u64>(@0x51);
        assert!(!is_filled<u64>(@0x51), 2);
        fill(s, 6u64);
        let v = match (borrow_global<Slot<u64>>(@0x51)) { Slot::Filled(x) => *x, Slot::Empty => 0 };
        assert!(v == 6, 3);
    }
}
