module 0x42::type_mismatch_abort_code {
    fun f() { abort true }
}
