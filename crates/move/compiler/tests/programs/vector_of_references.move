module 0x42::vector_of_references {
    fun f(x: &u64): vector<&u64> { vector[x] }
}
