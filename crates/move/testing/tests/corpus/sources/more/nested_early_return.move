module corpus::nested_early_return {
    fun find_in_grid(g: &vector<vector<u64>>, x: u64): (u64, u64) {
        let r = 0;
        while (r < g.length()) {
            let c = 0;
            while (c < g[r].length()) {
                if (g[r][c] == x) return (r, c);
                c = c + 1;
            };
            r = r + 1;
        };
        (999, 999)
    }

    fun first_repeat(v: &vector<u64>): u64 {
        let i = 0;
        loop {
            if (i >= v.length()) return 0;
            let j = 0;
            while (j < i) {
                if (v[j] == v[i]) return v[i];
                j = j + 1;
            };
            i = i + 1;
        }
    }

    #[test]
    fun returns_from_inner_loops() {
        let g = vector[vector[1, 2], vector[3, 4, 5], vector[]];
        let (r, c) = find_in_grid(&g, 5);
        assert!(r == 1 && c == 2, 1);
        let (r2, _) = find_in_grid(&g, 6);
        assert!(r2 == 999, 2);
        assert!(first_repeat(&vector[4, 7, 1, 7, 4]) == 7, 3);
        assert!(first_repeat(&vector[1, 2, 3]) == 0, 4);
    }
}
