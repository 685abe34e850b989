module corpus::store_per_user_counter {
    use std::signer;

    struct Counter has key { hits: u64 }

    fun hit(s: &signer) acquires Counter {
        let a = signer::address_of(s);
        if (exists<Counter>(a)) {
            let c = &mut Counter[a];
            c.hits += 1;
        } else {
            move_to(s, Counter { hits: 1 });
        }
    }

    fun hits(a: address): u64 acquires Counter {
        if (exists<Counter>(a)) Counter[a].hits else 0
    }

    #[test(a = @0x100, b = @0x200)]
    fun independent_counters(a: &signer, b: &signer) acquires Counter {
        hit(a); hit(a); hit(b); hit(a);
        assert!(hits(@0x100) == 3 && hits(@0x200) == 1 && hits(@0x300) == 0, 1);
    }
}
