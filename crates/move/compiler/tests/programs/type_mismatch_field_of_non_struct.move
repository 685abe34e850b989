module 0x42::type_mismatch_field_of_non_struct {
    fun f(x: u64): u64 { x.a }
}
