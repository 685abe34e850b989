module 0x42::lambda_as_value {
    fun f(): u64 { let g = |x: u64| x + 1; g(1) }
}
