module 0x42::lambda_call_non_function {
    fun f(x: u64): u64 { x(1) }
}
