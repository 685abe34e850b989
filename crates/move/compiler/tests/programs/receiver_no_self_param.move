module 0x42::receiver_no_self_param {
    struct S has drop { v: u64 }
    fun get(s: &S): u64 { s.v }
    fun f(s: S): u64 { s.get() }
}
