module parse_module_without_address {
    fun f() {}
}
