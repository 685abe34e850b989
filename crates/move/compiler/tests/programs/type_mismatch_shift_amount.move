module 0x42::type_mismatch_shift_amount {
    fun f(x: u64, n: u64): u64 { x << n }
}
