module corpus::if_else {
    fun classify(n: u64): u8 {
        if (n == 0) 0
        else if (n < 10) 1
        else if (n < 100) 2
        else 3
    }

    fun abs_diff(a: u64, b: u64): u64 { if (a > b) a - b else b - a }

    #[test]
    fun chains() {
        assert!(classify(0) == 0, 1);
        assert!(classify(9) == 1, 2);
        assert!(classify(10) == 2, 3);
        assert!(classify(99) == 2, 4);
        assert!(classify(100) == 3, 5);
    }

    #[test]
    fun as_expression() {
        assert!(abs_diff(3, 10) == 7, 1);
        assert!(abs_diff(10, 3) == 7, 2);
        let x = if (abs_diff(1, 1) == 0) { 5 } else { 6 };
        assert!(x == 5, 3);
    }

    #[test]
    fun if_without_else_as_statement() {
        let x = 1;
        if (x == 1) x = 2;
        if (x == 1) x = 100;
        assert!(x == 2, 1);
    }
}
