module 0x42::parse_trailing_garbage {
    fun f() {}
}
}
