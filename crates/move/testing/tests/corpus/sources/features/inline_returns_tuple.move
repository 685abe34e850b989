module corpus::inline_returns_tuple {
    inline fun min_max_by<T>(v: &vector<T>, key: |&T| u64): (u64, u64) {
        let lo = 18446744073709551615;
        let hi = 0;
        let i = 0;
        while (i < v.length()) {
            let k = key(&v[i]);
            if (k < lo) lo = k;
            if (k > hi) hi = k;
            i = i + 1;
        };
        (lo, hi)
    }

    #[test]
    fun tuple_from_inline() {
        let words = vector[b"aaa", b"b", b"cc"];
        let (lo, hi) = min_max_by(&words, |w| w.length());
        assert!(lo == 1 && hi == 3, 1);
        let (a, b) = min_max_by(&vector[9u64, 2, 5], |x| *x * 10);
        assert!(a == 20 && b == 90, 2);
    }
}
