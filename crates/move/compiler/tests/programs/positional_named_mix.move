module 0x42::positional_named_mix {
    struct P(u64) has drop;
    fun f(): u64 { let p = P(1); p.v }
}
