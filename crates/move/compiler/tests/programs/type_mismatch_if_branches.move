module 0x42::type_mismatch_if_branches {
    fun f(c: bool): u64 { if (c) 1 else @0x1 }
}
