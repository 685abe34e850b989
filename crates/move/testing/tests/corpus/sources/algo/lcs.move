module corpus::lcs {
    fun lcs_len(a: &vector<u8>, b: &vector<u8>): u64 {
        let n = a.length();
        let m = b.length();
        let prev = vector[];
        for (_j in 0..(m + 1)) prev.push_back(0);
        for (i in 1..(n + 1)) {
            let cur = vector[0];
            for (j in 1..(m + 1)) {
                let v = if (a[i - 1] == b[j - 1]) prev[j - 1] + 1
                    else if (prev[j] >= cur[j - 1]) prev[j] else cur[j - 1];
                cur.push_back(v);
            };
            prev = cur;
        };
        prev[m]
    }

    #[test]
    fun lengths() {
        assert!(lcs_len(&b"ABCBDAB", &b"BDCABA") == 4, 1);
        assert!(lcs_len(&b"AGGTAB", &b"GXTXAYB") == 4, 2);
        assert!(lcs_len(&b"", &b"abc") == 0, 3);
        assert!(lcs_len(&b"same", &b"same") == 4, 4);
    }
}
