module corpus::two_sum {
    fun two_sum(v: &vector<u64>, target: u64): (bool, u64, u64) {
        let n = v.length();
        let i = 0;
        while (i < n) {
            let j = i + 1;
            while (j < n) {
                if (v[i] + v[j] == target) return (true, i, j);
                j = j + 1;
            };
            i = i + 1;
        };
        (false, 0, 0)
    }

    #[test]
    fun finds_pairs() {
        let (ok, i, j) = two_sum(&vector[2, 7, 11, 15], 9);
        assert!(ok && i == 0 && j == 1, 1);
        let (ok2, a, b) = two_sum(&vector[3, 2, 4], 6);
        assert!(ok2 && a == 1 && b == 2, 2);
        let (ok3, _, _) = two_sum(&vector[1, 2], 10);
        assert!(!ok3, 3);
    }
}
