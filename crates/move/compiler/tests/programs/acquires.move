module 0x42::acquires_check {
    struct R has key { v: u64 }
    fun missing(a: address): u64 { borrow_global<R>(a).v }
    fun through_call(a: address): u64 { missing(a) }
    fun extra(): u64 acquires R { 1 }
    fun fine(a: address): u64 acquires R { borrow_global<R>(a).v }
}
