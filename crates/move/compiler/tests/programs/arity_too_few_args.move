module 0x42::arity_too_few_args {
    fun g(x: u64, y: u64): u64 { x + y }
    fun f(): u64 { g(1) }
}
