module 0x42::arity_types {
    struct P<T> has drop { v: T }
    fun g(): P<u64, u8> { abort 0 }
    fun h(): vector<u64, u8> { abort 0 }
}
