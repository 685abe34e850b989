module 0x42::address_unknown_in_module_path {
    fun f(): u64 { nowhere::m::g() }
}
