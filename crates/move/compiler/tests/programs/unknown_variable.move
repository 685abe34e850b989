module 0x42::unknown_variable {
    fun f(): u64 { let a = 1; a + b }
}
