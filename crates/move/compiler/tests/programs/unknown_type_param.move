module 0x42::unknown_type_param {
    fun f(x: T): u64 { 1 }
}
