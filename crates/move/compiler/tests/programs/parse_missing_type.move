module 0x42::parse_missing_type {
    fun f(x: ): u64 { 1 }
}
