module 0x42::inline_lambda_wrong_arity_call {
    inline fun apply(f: |u64| u64): u64 { f(1, 2) }
    fun g(): u64 { apply(|x| x) }
}
