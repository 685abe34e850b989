module 0x42::ability_key_struct_drop_on_move_from {
    struct R has key { v: u64 }
    fun f(a: address) acquires R { move_from<R>(a); }
}
