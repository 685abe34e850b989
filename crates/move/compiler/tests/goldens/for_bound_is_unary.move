module 0x1::m {
    fun f(n: u64) {
        for (i in 0..n + 1) {}
    }
}
