module 0x42::ability_drop_missing {
    struct R { v: u64 }
    fun f() { let _r = R { v: 1 }; }
}
