module 0x42::arity {
    struct P<T> has drop { v: T }
    fun two(a: u64, b: u64): u64 { a + b }
    fun f(): u64 { two(1) }
    fun h() { let (a, b) = (1, 2, 3); }
    fun k(): P<u64> { P { v: 1, w: 2 } }
}
