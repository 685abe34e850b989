module 0x42::loop_for_non_integer_range {
    fun f() { for (i in true..false) { let _ = i; } }
}
