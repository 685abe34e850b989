module corpus::n_queens {
    fun solve(n: u64, row: u64, cols: &mut vector<u64>): u64 {
        if (row == n) return 1;
        let count = 0;
        for (c in 0..n) {
            let ok = true;
            let r = 0;
            while (r < row) {
                let pc = cols[r];
                let dr = row - r;
                if (pc == c || pc + dr == c || c + dr == pc) { ok = false; break };
                r = r + 1;
            };
            if (ok) {
                cols.push_back(c);
                count = count + solve(n, row + 1, cols);
                cols.pop_back();
            };
        };
        count
    }

    #[test]
    fun counts() {
        let v = vector[];
        assert!(solve(4, 0, &mut v) == 2, 1);
        assert!(solve(5, 0, &mut v) == 10, 2);
        assert!(solve(6, 0, &mut v) == 4, 3);
        assert!(solve(1, 0, &mut v) == 1, 4);
        assert!(v.is_empty(), 5);
    }
}
