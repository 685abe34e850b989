module 0x1::m {
    fun f(a: u64, b: u64): bool {
        a<b
    }
}
