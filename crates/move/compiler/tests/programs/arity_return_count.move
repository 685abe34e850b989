module 0x42::arity_return_count {
    fun f(): (u64, u64) { 1 }
}
