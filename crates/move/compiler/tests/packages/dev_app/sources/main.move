module dev_app::main {
    use base::pair;

    public fun larger(a: u64, b: u64): u64 {
        pair::larger(&pair::new(a, b))
    }
}
