module 0x42::parse_missing_semicolon {
    fun f(): u64 {
        let x = 1
        let y = 2;
        x + y
    }
}
