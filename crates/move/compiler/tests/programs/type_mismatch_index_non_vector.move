module 0x42::type_mismatch_index_non_vector {
    fun f(x: u64): u64 { x[0] }
}
