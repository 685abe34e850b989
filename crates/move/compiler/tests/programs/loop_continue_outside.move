module 0x42::loop_continue_outside {
    fun f() { if (true) continue; }
}
