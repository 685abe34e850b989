module 0x42::acquires_missing_transitive {
    struct R has key { v: u64 }
    fun g(a: address): u64 acquires R { borrow_global<R>(a).v }
    fun f(a: address): u64 { g(a) }
}
