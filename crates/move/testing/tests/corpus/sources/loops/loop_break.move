module corpus::loop_break {
    fun first_square_above(limit: u64): u64 {
        let i = 0;
        loop {
            if (i * i > limit) break;
            i = i + 1;
        };
        i
    }

    fun collatz_steps(n: u64): u64 {
        let steps = 0;
        loop {
            if (n == 1) return steps;
            n = if (n % 2 == 0) n / 2 else 3 * n + 1;
            steps = steps + 1;
        }
    }

    #[test]
    fun breaks() {
        assert!(first_square_above(0) == 1, 1);
        assert!(first_square_above(24) == 5, 2);
        assert!(first_square_above(25) == 6, 3);
    }

    #[test]
    fun returns_from_loop() {
        assert!(collatz_steps(1) == 0, 1);
        assert!(collatz_steps(6) == 8, 2);
        assert!(collatz_steps(27) == 111, 3);
    }
}
