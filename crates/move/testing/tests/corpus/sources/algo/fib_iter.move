module corpus::fib_iter {
    fun fib(n: u64): u128 {
        let (a, b) = (0u128, 1u128);
        let i = 0;
        while (i < n) {
            let t = a + b;
            a = b;
            b = t;
            i = i + 1;
        };
        a
    }

    #[test]
    fun values() {
        assert!(fib(0) == 0 && fib(1) == 1 && fib(2) == 1, 1);
        assert!(fib(50) == 12586269025, 2);
        assert!(fib(93) == 12200160415121876738, 3);
        assert!(fib(100) == 354224848179261915075, 4);
    }
}
