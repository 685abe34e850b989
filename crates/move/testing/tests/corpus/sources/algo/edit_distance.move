module corpus::edit_distance {
    fun min3(a: u64, b: u64, c: u64): u64 {
        let m = if (a < b) a else b;
        if (c < m) c else m
    }

    fun distance(a: &vector<u8>, b: &vector<u8>): u64 {
        let m = b.length();
        let prev = vector::range(0, m + 1);
        let i = 1;
        while (i <= a.length()) {
            let cur = vector[i];
            let j = 1;
            while (j <= m) {
                let cost = if (a[i - 1] == b[j - 1]) 0 else 1;
                let best = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
                cur.push_back(best);
                j = j + 1;
            };
            prev = cur;
            i = i + 1;
        };
        prev[m]
    }

    #[test]
    fun distances() {
        assert!(distance(&b"kitten", &b"sitting") == 3, 1);
        assert!(distance(&b"flaw", &b"lawn") == 2, 2);
        assert!(distance(&b"", &b"abc") == 3, 3);
        assert!(distance(&b"abc", &b"abc") == 0, 4);
    }

    use std::vector;
}
