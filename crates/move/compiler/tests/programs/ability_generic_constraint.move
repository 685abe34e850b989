module 0x42::ability_generic_constraint {
    struct NoCopy has drop {}
    fun dup<T: copy>(x: T): (T, T) { (x, x) }
    fun f() { let (_a, _b) = dup(NoCopy {}); }
}
