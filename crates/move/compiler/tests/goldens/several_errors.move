module 0x1::m {
    fun ok_before(): u64 { 1 }

    fun first(): u64 { let = 1; }

    struct Broken has { x: u64 }

    fun ok_between() {}

    const C: u64 = ;

    fun second() { if (x { } }

    fun ok_after(): bool { true }
}
