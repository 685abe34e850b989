module 0x42::borrow_global_non_key {
    struct S has store { v: u64 }
    fun f(a: address): u64 acquires S { borrow_global<S>(a).v }
}
