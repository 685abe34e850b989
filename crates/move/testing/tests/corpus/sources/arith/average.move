module corpus::average {
    fun avg_floor(a: u64, b: u64): u64 { (a & b) + ((a ^ b) >> 1) }
    fun avg_naive(a: u64, b: u64): u64 { (a + b) / 2 }

    #[test]
    fun without_overflow() {
        let max = 18446744073709551615;
        assert!(avg_floor(max, max) == max, 1);
        assert!(avg_floor(max, max - 1) == max - 1, 2);
        assert!(avg_floor(3, 4) == 3 && avg_floor(10, 20) == 15, 3);
        assert!(avg_floor(0, 1) == 0, 4);
        assert!(avg_naive(3, 4) == avg_floor(3, 4), 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun naive_overflows() { avg_naive(18446744073709551615, 1); }
}
