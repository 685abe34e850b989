module 0x42::arity_struct_type_args {
    struct Box<T> has drop { v: T }
    fun f(b: Box<u64, u8>): u64 { b.v }
}
