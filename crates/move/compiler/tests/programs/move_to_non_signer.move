module 0x42::move_to_non_signer {
    struct R has key { v: u64 }
    fun f(a: address) { move_to(a, R { v: 1 }) }
}
