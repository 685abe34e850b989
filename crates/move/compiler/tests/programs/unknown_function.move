module 0x42::unknown_function {
    fun f(): u64 { g() }
}
