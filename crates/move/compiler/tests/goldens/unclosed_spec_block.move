module 0x1::m {
    fun f() {}
    spec f {
        ensures true;
