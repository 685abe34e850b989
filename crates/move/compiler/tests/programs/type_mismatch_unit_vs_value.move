module 0x42::type_mismatch_unit_vs_value {
    fun f(): u64 { let x = 1; x = 2; }
}
