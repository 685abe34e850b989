module 0x42::type_mismatch_ref_vs_value {
    fun g(x: &u64): u64 { *x }
    fun f(): u64 { g(5) }
}
