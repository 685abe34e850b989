module right::r {
    public fun top(a: u64, b: u64): u64 { base::math::max(a, b) }
}
