module corpus::while_conditions {
    fun steps(a: u64, b: u64): u64 {
        let n = 0;
        while (a != b && n < 1000) {
            if (a > b) a = a - b else b = b - a;
            n = n + 1;
        };
        n
    }

    fun first_index(v: &vector<u64>, x: u64): u64 {
        let i = 0;
        while (i < v.length() && v[i] != x) i = i + 1;
        i
    }

    #[test]
    fun compound_conditions() {
        assert!(steps(10, 4) == 3, 1);
        assert!(steps(7, 7) == 0, 2);
        assert!(first_index(&vector[5, 6, 7], 7) == 2, 3);
        assert!(first_index(&vector[5, 6, 7], 9) == 3, 4);
        assert!(first_index(&vector[], 1) == 0, 5);
    }
}
