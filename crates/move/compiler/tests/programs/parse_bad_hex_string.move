module 0x42::parse_bad_hex_string {
    fun f(): vector<u8> { x"abc" }
}
