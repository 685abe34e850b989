module 0x42::ability_vector_of_no_copy {
    struct R has drop {}
    fun f(v: &vector<R>): vector<R> { *v }
}
