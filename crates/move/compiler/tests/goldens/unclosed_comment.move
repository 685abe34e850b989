module 0x1::m {
    /* a comment that never ends
    fun f() {}
}
