module 0x42::ability_implicit_copy {
    struct R has drop { v: u64 }
    fun take(_r: R) {}
    fun f(r: R) { take(r); take(r); }
}
