module corpus::attributes_misc {
    #[event]
    struct Happened has drop, store { what: u64 }

    #[deprecated]
    public fun old_way(x: u64): u64 { x + 1 }

    #[lint::skip(needless_mutable_reference)]
    fun touch(x: &mut u64): u64 { *x }

    #[view]
    public fun answer(): u64 { 42 }

    #[test]
    fun attributes_do_not_change_behaviour() {
        let e = Happened { what: old_way(1) };
        assert!(e.what == 2, 1);
        let y = 5;
        assert!(touch(&mut y) == 5, 2);
        assert!(answer() == 42, 3);
    }
}
