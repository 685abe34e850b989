module 0x1::m {
    fun f() {
        'l: if (true) {}
    }
}
