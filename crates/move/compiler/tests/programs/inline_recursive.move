module 0x42::inline_recursive {
    inline fun r(n: u64): u64 { if (n == 0) 0 else r(n - 1) }
    fun f(): u64 { r(3) }
}
