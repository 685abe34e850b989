module 0x42::arity_too_many_args {
    fun g(x: u64): u64 { x }
    fun f(): u64 { g(1, 2) }
}
