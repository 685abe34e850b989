module corpus::precedence {
    #[test]
    fun arithmetic_precedence() {
        assert!(2 + 3 * 4 == 14, 1);
        assert!((2 + 3) * 4 == 20, 2);
        assert!(20 - 6 / 3 == 18, 3);
        assert!(17 % 5 * 2 == 4, 4);
        assert!(10 - 3 - 2 == 5, 5);
        assert!(64 / 4 / 2 == 8, 6);
    }

    #[test]
    fun bitwise_binds_tighter_than_comparison() {
        let e = 6u64;
        assert!(e & 1 == 0, 1);
        assert!(e | 1 == 7, 2);
        assert!(e ^ 2 == 4, 3);
        assert!(1 << 2 + 1 == 8, 4);
        assert!(12 & 10 | 1 == 9, 5);
    }

    #[test]
    fun logical_precedence() {
        assert!(true || false && false, 1);
        assert!(!(false || true) == false, 2);
        assert!(1 < 2 && 3 > 2 || false, 3);
    }
}
