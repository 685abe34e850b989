module corpus::store_republish {
    struct Slot has key { v: u64 }

    #[test(s = @0x5)]
    fun move_out_and_back(s: &signer) acquires Slot {
        move_to(s, Slot { v: 1 });
        let Slot { v } = move_from<Slot>(@0x5);
        assert!(!exists<Slot>(@0x5), 1);
        move_to(s, Slot { v: v + 1 });
        assert!(borrow_global<Slot>(@0x5).v == 2, 2);
        let old = move_from<Slot>(@0x5);
        old.v = old.v * 10;
        move_to(s, old);
        assert!(Slot[@0x5].v == 20, 3);
    }
}
