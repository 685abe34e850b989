module 0x42::parse_keyword_as_name {
    fun f(): u64 { let while = 1; while }
}
