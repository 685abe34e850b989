module corpus::tuples {
    fun div_mod(a: u64, b: u64): (u64, u64) { (a / b, a % b) }
    fun three(): (u8, bool, vector<u8>) { (1, true, b"z") }
    fun min_max(v: &vector<u64>): (u64, u64) {
        let (lo, hi) = (v[0], v[0]);
        v.for_each_ref(|x| {
            if (*x < lo) lo = *x;
            if (*x > hi) hi = *x;
        });
        (lo, hi)
    }

    #[test]
    fun multiple_returns() {
        let (q, r) = div_mod(47, 5);
        assert!(q == 9 && r == 2, 1);
        let (a, b, c) = three();
        assert!(a == 1 && b && c == b"z", 2);
        let (_, only) = div_mod(10, 4);
        assert!(only == 2, 3);
    }

    #[test]
    fun tuple_assignment_swaps() {
        let x = 1;
        let y = 2;
        (x, y) = (y, x);
        assert!(x == 2 && y == 1, 1);
        let (lo, hi) = min_max(&vector[5, 9, 2, 7]);
        assert!(lo == 2 && hi == 9, 2);
    }

    #[test]
    fun assign_into_existing_locals() {
        let q;
        let r;
        (q, r) = div_mod(100, 7);
        assert!(q == 14 && r == 2, 1);
    }
}
