module diamond::d {
    public fun both(x: u64): u64 { left::l::twice(right::r::top(x, 1)) }
}
