module corpus::bool_ops {
    fun xor(a: bool, b: bool): bool { (a || b) && !(a && b) }
    fun implies(a: bool, b: bool): bool { !a || b }

    #[test]
    fun truth_tables() {
        assert!(xor(true, false) && xor(false, true), 1);
        assert!(!xor(true, true) && !xor(false, false), 2);
        assert!(implies(false, false) && implies(false, true) && implies(true, true), 3);
        assert!(!implies(true, false), 4);
        assert!(!(true && false), 5);
        assert!(true || false, 6);
        assert!(!!true, 7);
    }

    #[test]
    fun bool_equality() {
        let t = true;
        let f = false;
        assert!(t != f, 1);
        assert!((t == f) == false, 2);
        assert!((1 < 2) == (3 > 2), 3);
    }
}
