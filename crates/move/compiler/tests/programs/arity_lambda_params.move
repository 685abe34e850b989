module 0x42::arity_lambda_params {
    fun f(): u64 { vector[1, 2].fold(0, |x| x) }
}
