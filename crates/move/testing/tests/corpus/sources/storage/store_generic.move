module corpus::store_generic {
    use std::signer;

    struct Vault<T: store> has key { items: vector<T> }

    fun put<T: store>(s: &signer, item: T) acquires Vault {
        let a = signer::address_of(s);
        if (!exists<Vault<T>>(a)) {
            move_to(s, Vault<T> { items: vector[] });
        };
        borrow_global_mut<Vault<T>>(a).items.push_back(item);
    }

    fun count<T: store>(a: address): u64 acquires Vault {
        if (exists<Vault<T>>(a)) borrow_global<Vault<T>>(a).items.length() else 0
    }

    #[test(s = @0x1234)]
    fun separate_instantiations(s: &signer) acquires Vault {
        put(s, 1u64);
        put(s, 2u64);
        put(s, true);
        put(s, b"x");
        assert!(count<u64>(@0x1234) == 2, 1);
        assert!(count<bool>(@0x1234) == 1, 2);
        assert!(count<vector<u8>>(@0x1234) == 1, 3);
        assert!(count<u8>(@0x1234) == 0, 4);
        assert!(borrow_global<Vault<u64>>(@0x1234).items == vector[1, 2], 5);
    }
}
