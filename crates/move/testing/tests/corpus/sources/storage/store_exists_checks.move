module corpus::store_exists_checks {
    struct A has key { }
    struct B has key, drop { v: u8 }

    #[test(s = @0x10, t = @0x11)]
    fun exists_per_type_and_address(s: &signer, t: &signer) acquires B {
        move_to(s, A {});
        move_to(t, B { v: 1 });
        assert!(exists<A>(@0x10) && !exists<A>(@0x11), 1);
        assert!(exists<B>(@0x11) && !exists<B>(@0x10), 2);
        let B { v } = move_from<B>(@0x11);
        assert!(v == 1 && !exists<B>(@0x11), 3);
    }

    #[test]
    fun nothing_exists_initially() {
        assert!(!exists<A>(@0x0) && !exists<B>(@0xffff), 1);
    }

    #[test]
    #[expected_failure(major_status = 4008, location = Self)]
    fun borrow_mut_missing() acquires B {
        borrow_global_mut<B>(@0x12).v = 3;
    }
}
