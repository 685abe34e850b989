module 0x42::unknown_receiver_function {
    struct S has drop { a: u64 }
    fun f(s: S): u64 { s.nothing() }
}
