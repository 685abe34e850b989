module 0x42::mutate_immutable_ref {
    fun f(x: &u64) { *x = 2; }
}
