module 0x42::type_mismatch_generic_arg {
    fun id<T>(x: T): T { x }
    fun f(): bool { id<bool>(1) }
}
