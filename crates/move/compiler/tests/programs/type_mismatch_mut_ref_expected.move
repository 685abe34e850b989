module 0x42::type_mismatch_mut_ref_expected {
    fun g(x: &mut u64) { *x = 1 }
    fun f() { let a = 0; g(&a); }
}
