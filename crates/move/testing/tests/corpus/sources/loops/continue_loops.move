module corpus::continue_loops {
    fun sum_odd_below(n: u64): u64 {
        let s = 0;
        let i = 0;
        while (i < n) {
            i = i + 1;
            if (i % 2 == 0) continue;
            s = s + i;
        };
        s
    }

    fun count_not_div3(n: u64): u64 {
        let c = 0;
        let i = 0;
        loop {
            if (i == n) break;
            i = i + 1;
            if (i % 3 == 0) continue;
            c = c + 1;
        };
        c
    }

    #[test]
    fun skips() {
        assert!(sum_odd_below(10) == 25, 1);
        assert!(sum_odd_below(1) == 1, 2);
        assert!(count_not_div3(10) == 7, 3);
        assert!(count_not_div3(3) == 2, 4);
    }
}
