module 0x42::return_type_mismatch_tuple {
    fun f(): (u64, bool) { (true, 1) }
}
