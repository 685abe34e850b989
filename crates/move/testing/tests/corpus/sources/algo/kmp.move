module corpus::kmp {
    fun failure(p: &vector<u8>): vector<u64> {
        let f = vector[0];
        let k = 0;
        let i = 1;
        while (i < p.length()) {
            while (k > 0 && p[k] != p[i]) k = f[k - 1];
            if (p[k] == p[i]) k = k + 1;
            f.push_back(k);
            i = i + 1;
        };
        f
    }

    fun find_all(t: &vector<u8>, p: &vector<u8>): vector<u64> {
        let f = failure(p);
        let out = vector[];
        let k = 0;
        let i = 0;
        while (i < t.length()) {
            while (k > 0 && p[k] != t[i]) k = f[k - 1];
            if (p[k] == t[i]) k = k + 1;
            if (k == p.length()) { out.push_back(i + 1 - k); k = f[k - 1] };
            i = i + 1;
        };
        out
    }

    #[test]
    fun tables_and_matches() {
        assert!(failure(&b"ababaca") == vector[0, 0, 1, 2, 3, 0, 1], 1);
        assert!(find_all(&b"abababa", &b"aba") == vector[0, 2, 4], 2);
        assert!(find_all(&b"hello world", &b"o") == vector[4, 7], 3);
        assert!(find_all(&b"aaa", &b"b") == vector[], 4);
    }
}
