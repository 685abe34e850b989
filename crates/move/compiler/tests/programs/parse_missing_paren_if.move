module 0x42::parse_missing_paren_if {
    fun f(x: u64): u64 { if x > 1 { 1 } else { 2 } }
}
