module 0x42::ability_key_missing {
    struct R has store { v: u64 }
    fun f(s: &signer) { move_to(s, R { v: 1 }) }
}
