module 0x1::m {
    fun f() {
        let x = 1
    }
}
