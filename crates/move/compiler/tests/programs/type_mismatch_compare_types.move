module 0x42::type_mismatch_compare_types {
    fun f(): bool { 1u8 == 1u16 }
}
