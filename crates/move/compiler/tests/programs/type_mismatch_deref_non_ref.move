module 0x42::type_mismatch_deref_non_ref {
    fun f(x: u64): u64 { *x }
}
