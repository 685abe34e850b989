module 0x42::generic_type_arg_reference {
    fun id<T>(x: T): T { x }
    fun f(y: &u64): &u64 { id<&u64>(y) }
}
