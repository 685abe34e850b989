module 0x42::type_mismatch_binop_widths {
    fun f(a: u8, b: u64) { let _ = a + b; }
}
