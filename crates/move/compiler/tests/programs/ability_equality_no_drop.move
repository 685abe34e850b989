module 0x42::ability_equality_no_drop {
    struct R { v: u64 }
    fun f(a: R, b: R): bool { a == b }
}
