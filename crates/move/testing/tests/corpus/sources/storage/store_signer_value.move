module corpus::store_signer_value {
    use std::signer;

    struct Marker has key, store, drop { id: u64 }

    fun mark(s: signer, id: u64) { move_to(&s, Marker { id }) }

    #[test(s = @0x42)]
    fun signer_by_value(s: signer) acquires Marker {
        assert!(signer::address_of(&s) == @0x42, 1);
        mark(s, 7);
        assert!(borrow_global<Marker>(@0x42).id == 7, 2);
        let m = move_from<Marker>(@0x42);
        assert!(m.id == 7, 3);
    }
}
