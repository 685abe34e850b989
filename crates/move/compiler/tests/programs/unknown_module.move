module 0x42::unknown_module {
    fun f(): u64 { nothere::g() }
}
