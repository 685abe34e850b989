module 0x42::cast_bool_to_int {
    fun f(b: bool): u64 { (b as u64) }
}
