module 0x42::ability_drop_param {
    struct R { v: u64 }
    fun f(_r: R) {}
}
