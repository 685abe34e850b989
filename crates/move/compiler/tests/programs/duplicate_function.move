module 0x42::duplicate_function {
    fun f() {}
    fun f() {}
}
