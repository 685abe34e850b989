module 0x1::m {
    fun f() {
        g(1, 2 3);
    }
}
