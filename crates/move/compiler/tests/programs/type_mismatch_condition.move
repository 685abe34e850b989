module 0x42::type_mismatch_condition {
    fun f(x: u64): u64 { if (x) 1 else 2 }
}
