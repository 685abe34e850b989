module 0x42::lambda_outside_inline {
    fun apply(f: |u64| u64): u64 { f(1) }
}
