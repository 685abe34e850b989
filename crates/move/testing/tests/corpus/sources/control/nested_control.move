module corpus::nested_control {
    fun fizzbuzz_code(n: u64): u64 {
        if (n % 15 == 0) 15 else if (n % 5 == 0) 5 else if (n % 3 == 0) 3 else 0
    }

    fun scan(limit: u64): (u64, u64, u64) {
        let (f, b, fb) = (0, 0, 0);
        let i = 1;
        while (i <= limit) {
            let c = fizzbuzz_code(i);
            if (c == 15) fb = fb + 1
            else if (c == 5) b = b + 1
            else if (c == 3) f = f + 1;
            i = i + 1;
        };
        (f, b, fb)
    }

    #[test]
    fun fizzbuzz_counts() {
        let (f, b, fb) = scan(100);
        assert!(f == 27 && b == 14 && fb == 6, 1);
    }

    #[test]
    fun loop_value_from_break_state() {
        let i = 0;
        let found = loop {
            i = i + 1;
            if (i * i > 50) break
        };
        found;
        assert!(i == 8, 1);
    }
}
