module nowhere::unknown_module_address {
    fun f() {}
}
