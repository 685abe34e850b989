module 0x42::loop_while_non_bool {
    fun f() { while (1) {} }
}
