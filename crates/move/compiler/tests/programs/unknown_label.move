module 0x42::unknown_label {
    fun f() {
        'a: loop { break 'b };
    }
}
