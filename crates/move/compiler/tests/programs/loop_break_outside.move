module 0x42::loop_break_outside {
    fun f() { break }
}
