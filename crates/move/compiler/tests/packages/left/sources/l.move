module left::l {
    public fun twice(x: u64): u64 { base::math::double(x) }
}
