module 0x42::parse_unclosed_brace {
    fun f(): u64 {
        1
}
