module 0x42::storage {
    struct NoKey has store { v: u64 }
    struct R has key { v: u64 }
    fun publish(s: &signer) { move_to(s, NoKey { v: 1 }) }
    fun wrong_arg(a: address) { move_to(a, R { v: 1 }) }
    fun ok(s: &signer, a: address): bool acquires R { move_to(s, R { v: 1 }); let R { v: _ } = move_from<R>(a); exists<R>(a) }
}
