module 0x42::arity_positional_pack {
    struct P(u64, u64) has drop;
    fun f(): P { P(1) }
}
