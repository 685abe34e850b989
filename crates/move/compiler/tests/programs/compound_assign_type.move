module 0x42::compound_assign_type {
    fun f() { let x = 1u8; x += 1u64; }
}
