module corpus::labeled_loops {
    fun find_pair(target: u64): (u64, u64) {
        let (ri, rj) = (0, 0);
        let i = 1;
        'outer: while (i < 10) {
            let j = 1;
            while (j < 10) {
                if (i * j == target) {
                    ri = i;
                    rj = j;
                    break 'outer
                };
                j = j + 1;
            };
            i = i + 1;
        };
        (ri, rj)
    }

    fun skip_rows(): u64 {
        let s = 0;
        let i = 0;
        'rows: loop {
            if (i == 4) break;
            i = i + 1;
            for (j in 0..4) {
                if (j >= i) continue 'rows;
                s = s + 1;
            };
        };
        s
    }

    #[test]
    fun break_outer() {
        let (i, j) = find_pair(12);
        assert!(i == 2 && j == 6, 1);
        let (a, b) = find_pair(97);
        assert!(a == 0 && b == 0, 2);
    }

    #[test]
    fun continue_outer() {
        // rows contribute 1, 2, 3, 4 cells
        assert!(skip_rows() == 10, 1);
    }

    #[test]
    fun labeled_while_and_loop() {
        let n = 0;
        'a: while (n < 100) {
            'b: loop {
                n = n + 1;
                if (n % 7 == 0) break 'a;
                if (n % 2 == 1) continue 'b;
                break 'b
            };
            n = n + 10;
        };
        // 1 (odd), 2 (even) -> 12; 13 (odd), 14 (multiple of 7) leaves both loops
        assert!(n == 14, 1);
    }
}
