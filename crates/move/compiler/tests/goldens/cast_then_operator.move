module 0x1::m {
    fun f(x: u8): u64 {
        x as u64 + 1
    }
}
