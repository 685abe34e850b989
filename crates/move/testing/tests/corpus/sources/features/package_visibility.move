module corpus::pkg_counter {
    struct Count has copy, drop { n: u64 }

    public(package) fun zero(): Count { Count { n: 0 } }
    package fun plus(c: Count, k: u64): Count { Count { n: c.n + k } }
    public fun value(c: &Count): u64 { c.n }
}

module corpus::package_visibility {
    use corpus::pkg_counter;

    #[test]
    fun package_functions_callable_in_same_package() {
        let c = pkg_counter::plus(pkg_counter::plus(pkg_counter::zero(), 2), 40);
        assert!(pkg_counter::value(&c) == 42, 1);
    }
}
