module 0x42::lambda_param_type_mismatch {
    inline fun apply(x: u64, f: |u64| u64): u64 { f(x) }
    fun f(): u64 { apply(1, |b: bool| if (b) 1 else 0) }
}
