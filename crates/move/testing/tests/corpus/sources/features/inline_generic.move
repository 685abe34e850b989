module corpus::inline_generic {
    inline fun map_pair<A, B>(p: (A, A), f: |A| B): (B, B) {
        let (x, y) = p;
        (f(x), f(y))
    }

    inline fun count_if<T>(v: &vector<T>, pred: |&T| bool): u64 {
        let c = 0;
        let i = 0;
        while (i < v.length()) {
            if (pred(&v[i])) c = c + 1;
            i = i + 1;
        };
        c
    }

    inline fun compose(x: u64, f: |u64| u64, g: |u64| u64): u64 { g(f(x)) }

    #[test]
    fun generic_inline_functions() {
        let (a, b) = map_pair((3, 4), |x| x * x);
        assert!(a == 9 && b == 16, 1);
        let (s, t) = map_pair((1u8, 200u8), |x| x > 100);
        assert!(!s && t, 2);
        assert!(count_if(&vector[1, 5, 10, 15], |x| *x >= 5) == 3, 3);
        assert!(count_if(&vector[b"", b"a"], |s| s.is_empty()) == 1, 4);
        assert!(compose(5, |x| x + 1, |x| x * 10) == 60, 5);
    }
}
