module 0x42::ability_assign_overwrite_no_drop {
    struct R { v: u64 }
    fun f(r: &mut R) { *r = R { v: 2 }; }
}
