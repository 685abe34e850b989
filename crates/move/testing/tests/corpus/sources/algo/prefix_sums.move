module corpus::prefix_sums {
    fun prefix(v: &vector<u64>): vector<u64> {
        let out = vector[0];
        let s = 0;
        v.for_each_ref(|x| { s = s + *x; out.push_back(s) });
        out
    }

    fun range_sum(p: &vector<u64>, i: u64, j: u64): u64 { p[j] - p[i] }

    #[test]
    fun sums() {
        let p = prefix(&vector[3, 1, 4, 1, 5, 9, 2, 6]);
        assert!(p == vector[0, 3, 4, 8, 9, 14, 23, 25, 31], 1);
        assert!(range_sum(&p, 2, 5) == 10, 2);
        assert!(range_sum(&p, 0, 8) == 31, 3);
        assert!(range_sum(&p, 4, 4) == 0, 4);
    }
}
