module corpus::enum_option_like {
    enum Maybe<T> has copy, drop { Nothing, Just(T) }

    fun map_add(m: Maybe<u64>, k: u64): Maybe<u64> {
        match (m) {
            Maybe::Just(x) => Maybe::Just(x + k),
            Maybe::Nothing => Maybe::Nothing,
        }
    }

    fun or_else<T: drop>(m: Maybe<T>, d: T): T {
        match (m) { Maybe::Just(x) => x, Maybe::Nothing => d }
    }

    fun first_even(v: &vector<u64>): Maybe<u64> {
        let i = 0;
        while (i < v.length()) {
            if (v[i] % 2 == 0) return Maybe::Just(v[i]);
            i = i + 1;
        };
        Maybe::Nothing
    }

    #[test]
    fun maybe_values() {
        assert!(or_else(map_add(Maybe::Just(1), 2), 0) == 3, 1);
        assert!(or_else(map_add(Maybe::Nothing, 2), 99) == 99, 2);
        assert!(first_even(&vector[3, 5, 8, 10]) == Maybe::Just(8), 3);
        assert!(first_even(&vector[1]) == Maybe::Nothing, 4);
        assert!(or_else(Maybe::Just(b"k"), b"d") == b"k", 5);
    }
}
