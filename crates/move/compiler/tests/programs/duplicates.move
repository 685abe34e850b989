module 0x42::duplicates {
    struct S { a: u64, a: u64 }
    fun f() {}
    fun f() {}
    fun g<T, T>(x: u64, x: u64) {}
}
