module 0x42::arity_type_args {
    fun g<T: drop>(_x: T) {}
    fun f() { g<u64, bool>(1) }
}
