module 0x42::type_mismatch_assign {
    fun f() { let x = 1u64; x = false; }
}
