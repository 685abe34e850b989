module 0x42::unknown_constant {
    fun f(): u64 { ENOPE }
}
