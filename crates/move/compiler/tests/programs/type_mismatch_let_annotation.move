module 0x42::type_mismatch_let_annotation {
    fun f() { let _x: bool = 5; }
}
