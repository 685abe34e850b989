module 0x42::type_mismatch_vector_elements {
    fun f(): vector<u64> { vector[1, true] }
}
