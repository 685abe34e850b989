module 0x42::acquires_missing {
    struct R has key { v: u64 }
    fun f(a: address): u64 { borrow_global<R>(a).v }
}
