module 0x42::const_assign {
    const C: u64 = 1;
    fun f() { C = 2; }
}
