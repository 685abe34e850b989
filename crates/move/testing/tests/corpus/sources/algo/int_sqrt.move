module corpus::int_sqrt {
    fun isqrt(n: u128): u128 {
        if (n < 2) return n;
        let x = n;
        let y = x / 2 + x % 2;
        while (y < x) {
            x = y;
            y = (x + n / x) / 2;
        };
        x
    }

    #[test]
    fun roots() {
        assert!(isqrt(0) == 0 && isqrt(1) == 1, 1);
        assert!(isqrt(15) == 3 && isqrt(16) == 4 && isqrt(17) == 4, 2);
        assert!(isqrt(1000000) == 1000, 3);
        assert!(isqrt(18446744073709551615) == 4294967295, 4);
        assert!(isqrt(340282366920938463463374607431768211455) == 18446744073709551615, 5);
    }
}
