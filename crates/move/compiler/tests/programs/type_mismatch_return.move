module 0x42::type_mismatch_return {
    fun f(): u64 { true }
}
