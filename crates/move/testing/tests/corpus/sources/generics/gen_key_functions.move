module corpus::gen_key_functions {
    struct Holder<T: store> has key { v: T }

    // Storage operations name a struct of this module; its type argument may be generic.
    fun has<T: store>(a: address): bool { exists<Holder<T>>(a) }

    fun put<T: store>(s: &signer, v: T) { move_to(s, Holder { v }) }

    fun take<T: store>(a: address): T acquires Holder {
        let Holder { v } = move_from<Holder<T>>(a);
        v
    }

    #[test(s = @0x31)]
    fun generic_storage(s: &signer) acquires Holder {
        assert!(!has<bool>(@0x31) && !has<u64>(@0x31), 1);
        put(s, true);
        put(s, 3u64);
        assert!(has<bool>(@0x31) && has<u64>(@0x31) && !has<u8>(@0x31), 2);
        assert!(take<u64>(@0x31) == 3, 3);
        assert!(!has<u64>(@0x31) && has<bool>(@0x31), 4);
        assert!(take<bool>(@0x31), 5);
    }
}
