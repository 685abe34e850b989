module corpus::tuple_generic {
    fun split_at<T: copy + drop>(v: &vector<T>, k: u64): (vector<T>, vector<T>) {
        (v.slice(0, k), v.slice(k, v.length()))
    }

    fun swap_pair<A, B>(a: A, b: B): (B, A) { (b, a) }

    fun stats(v: &vector<u64>): (u64, u64, u64) {
        let (s, mn, mx) = (0, 18446744073709551615, 0);
        v.for_each_ref(|x| {
            s = s + *x;
            if (*x < mn) mn = *x;
            if (*x > mx) mx = *x;
        });
        (s, mn, mx)
    }

    #[test]
    fun tuples() {
        let (l, r) = split_at(&vector[1, 2, 3, 4, 5], 2);
        assert!(l == vector[1, 2] && r == vector[3, 4, 5], 1);
        let (x, y) = swap_pair(true, 7u8);
        assert!(x == 7 && y, 2);
        let (s, mn, mx) = stats(&vector[4, 9, 1, 6]);
        assert!(s == 20 && mn == 1 && mx == 9, 3);
        let (_, _, only_max) = stats(&vector[3]);
        assert!(only_max == 3, 4);
    }
}
