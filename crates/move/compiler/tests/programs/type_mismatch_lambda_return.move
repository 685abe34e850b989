module 0x42::type_mismatch_lambda_return {
    fun f(): vector<u64> { vector[1, 2].map(|x| x > 1) }
}
