module 0x42::unused_variable_warns {
    public fun f(x: u64): u64 { let y = 2; x }
}
