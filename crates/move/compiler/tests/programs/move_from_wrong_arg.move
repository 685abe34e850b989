module 0x42::move_from_wrong_arg {
    struct R has key { v: u64 }
    fun f(s: &signer): R acquires R { move_from<R>(s) }
}
