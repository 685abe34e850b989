module corpus::for_loops {
    #[test]
    fun ranges() {
        let s = 0;
        for (i in 0..5) { s = s + i; };
        assert!(s == 10, 1);
        let p = 1;
        for (i in 1..6) { p = p * i; };
        assert!(p == 120, 2);
    }

    #[test]
    fun empty_range_runs_zero_times() {
        let n = 0;
        for (_i in 7..7) { n = n + 1; };
        assert!(n == 0, 1);
        let a = 5;
        let b = 3;
        for (_i in a..b) { n = n + 1; };
        assert!(n == 0, 2);
    }

    #[test]
    fun break_and_continue_in_for() {
        let s = 0;
        for (i in 0..100) {
            if (i == 10) break;
            if (i % 2 == 1) continue;
            s = s + i;
        };
        assert!(s == 20, 1);
    }

    #[test]
    fun bounds_from_variables() {
        let v = vector[4, 8, 15, 16, 23, 42];
        let s = 0;
        for (i in 1..v.length()) { s = s + v[i] - v[i - 1]; };
        assert!(s == 38, 1);
    }
}
