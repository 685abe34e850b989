module corpus::recursion {
    fun fact(n: u64): u64 { if (n <= 1) 1 else n * fact(n - 1) }
    fun fib(n: u64): u64 { if (n < 2) n else fib(n - 1) + fib(n - 2) }
    fun is_even(n: u64): bool { if (n == 0) true else is_odd(n - 1) }
    fun is_odd(n: u64): bool { if (n == 0) false else is_even(n - 1) }
    fun ackermann(m: u64, n: u64): u64 {
        if (m == 0) n + 1
        else if (n == 0) ackermann(m - 1, 1)
        else ackermann(m - 1, ackermann(m, n - 1))
    }

    #[test]
    fun factorials() {
        assert!(fact(0) == 1 && fact(5) == 120, 1);
        assert!(fact(20) == 2432902008176640000, 2);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun factorial_overflow() { fact(21); }

    #[test]
    fun fibonacci_and_mutual() {
        assert!(fib(10) == 55 && fib(20) == 6765, 1);
        assert!(is_even(10) && is_odd(7) && !is_even(3), 2);
        assert!(ackermann(2, 3) == 9, 3);
    }

    fun depth(n: u64): u64 { if (n == 0) 0 else 1 + depth(n - 1) }

    #[test]
    fun moderately_deep() {
        assert!(depth(200) == 200, 1);
    }
}
