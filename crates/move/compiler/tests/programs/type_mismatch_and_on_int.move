module 0x42::type_mismatch_and_on_int {
    fun f(x: u64): bool { x && true }
}
