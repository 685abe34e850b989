module 0x42::borrow_return_local_vector_elem {
    fun f(): &u64 {
        let v = vector[1];
        &v[0]
    }
}
