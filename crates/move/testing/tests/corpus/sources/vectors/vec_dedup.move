module corpus::vec_dedup {
    fun dedup_sorted(v: &mut vector<u64>) {
        let n = v.length();
        if (n == 0) return;
        let w = 1;
        for (r in 1..n) {
            if (v[r] != v[w - 1]) { v[w] = v[r]; w = w + 1 };
        };
        while (v.length() > w) { v.pop_back(); };
    }

    fun unique_unsorted(v: &vector<u64>): vector<u64> {
        let out = vector[];
        v.for_each_ref(|x| if (!out.contains(x)) out.push_back(*x));
        out
    }

    #[test]
    fun dedups() {
        let v = vector[1, 1, 2, 3, 3, 3, 7];
        dedup_sorted(&mut v);
        assert!(v == vector[1, 2, 3, 7], 1);
        let e = vector[];
        dedup_sorted(&mut e);
        assert!(e.is_empty(), 2);
        assert!(unique_unsorted(&vector[5, 1, 5, 2, 1]) == vector[5, 1, 2], 3);
    }
}
