module 0x42::parse_unterminated_string {
    fun f(): vector<u8> { b"abc }
}
