module 0x42::vis_g {
    struct G has key { v: u64 }
}
module 0x42::visibility_borrow_global_outside {
    fun f(a: address): bool { exists<0x42::vis_g::G>(a) }
}
