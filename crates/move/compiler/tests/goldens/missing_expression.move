module 0x1::m {
    fun f(a: u64): u64 {
        a + 
    }
}
