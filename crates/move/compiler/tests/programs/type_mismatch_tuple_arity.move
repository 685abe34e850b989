module 0x42::type_mismatch_tuple_arity {
    fun pair(): (u64, u64) { (1, 2) }
    fun f(): u64 { let (a, b, c) = pair(); a + b + c }
}
