module corpus::perfect_numbers {
    fun divisor_sum(n: u64): u64 {
        if (n < 2) return 0;
        let s = 1;
        let d = 2;
        while (d * d <= n) {
            if (n % d == 0) {
                s = s + d;
                if (d * d != n) s = s + n / d;
            };
            d = d + 1;
        };
        s
    }

    #[test]
    fun classifies() {
        let perfect = vector[];
        for (n in 2..10000) { if (divisor_sum(n) == n) perfect.push_back(n); };
        assert!(perfect == vector[6, 28, 496, 8128], 1);
        assert!(divisor_sum(220) == 284 && divisor_sum(284) == 220, 2);
        assert!(divisor_sum(12) == 16, 3);
    }
}
