module 0x42::borrow_move_from_while_borrowed {
    struct R has key, drop { v: u64 }
    fun f(a: address): u64 acquires R {
        let r = borrow_global<R>(a);
        let _old = move_from<R>(a);
        r.v
    }
}
