module corpus::binary_search {
    use std::option::{Self, Option};

    fun search(v: &vector<u64>, x: u64): Option<u64> {
        let (lo, hi) = (0, v.length());
        while (lo < hi) {
            let mid = lo + (hi - lo) / 2;
            if (v[mid] == x) return option::some(mid);
            if (v[mid] < x) lo = mid + 1 else hi = mid;
        };
        option::none()
    }

    fun lower_bound(v: &vector<u64>, x: u64): u64 {
        let (lo, hi) = (0, v.length());
        while (lo < hi) {
            let mid = (lo + hi) / 2;
            if (v[mid] < x) lo = mid + 1 else hi = mid;
        };
        lo
    }

    #[test]
    fun finds() {
        let v = vector[1, 3, 5, 7, 9, 11];
        assert!(search(&v, 7) == option::some(3), 1);
        assert!(search(&v, 1) == option::some(0), 2);
        assert!(search(&v, 11) == option::some(5), 3);
        assert!(search(&v, 4).is_none(), 4);
        assert!(search(&vector[], 4).is_none(), 5);
    }

    #[test]
    fun bounds() {
        let v = vector[2, 4, 4, 8];
        assert!(lower_bound(&v, 4) == 1, 1);
        assert!(lower_bound(&v, 5) == 3, 2);
        assert!(lower_bound(&v, 0) == 0, 3);
        assert!(lower_bound(&v, 9) == 4, 4);
    }
}
