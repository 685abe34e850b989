module base::pair {
    use base::math;

    struct Pair has copy, drop, store {
        first: u64,
        second: u64,
    }

    public fun new(first: u64, second: u64): Pair {
        Pair { first, second }
    }

    public fun larger(p: &Pair): u64 {
        math::max(p.first, p.second)
    }
}
