module 0x42::unknown_field {
    struct S has drop { a: u64 }
    fun f(s: S): u64 { s.b }
}
