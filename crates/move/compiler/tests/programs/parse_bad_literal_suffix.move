module 0x42::parse_bad_literal_suffix {
    fun f(): u64 { 1u63 }
}
