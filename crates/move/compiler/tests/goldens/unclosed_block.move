module 0x1::m {
    fun f() {
        if (true) {
            abort 1
    }
