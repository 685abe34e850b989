module 0x42::duplicate_param {
    fun f(x: u64, x: u64): u64 { x }
}
