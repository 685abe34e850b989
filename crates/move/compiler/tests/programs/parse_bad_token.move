module 0x42::parse_bad_token {
    fun f(): u64 { 1 $ 2 }
}
