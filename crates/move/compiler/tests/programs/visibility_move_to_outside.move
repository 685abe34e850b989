module 0x42::vis_r {
    struct R has key { v: u64 }
    public fun make(): R { R { v: 1 } }
}
module 0x42::visibility_move_to_outside {
    fun f(s: &signer) { move_to(s, 0x42::vis_r::make()) }
}
