module 0x42::borrow_global_ref_escapes {
    struct R has key { v: u64 }
    fun leak(a: address): &u64 acquires R { &borrow_global<R>(a).v }
}
