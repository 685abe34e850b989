module corpus::blocks {
    #[test]
    fun blocks_are_expressions() {
        let x = { let a = 2; let b = 3; a * b };
        assert!(x == 6, 1);
        let y = { 7 };
        assert!(y == 7, 2);
    }

    #[test]
    fun shadowing() {
        let x = 1;
        let x = x + 1;
        {
            let x = x * 100;
            assert!(x == 200, 1);
        };
        assert!(x == 2, 2);
        let x = true;
        assert!(x, 3);
    }

    #[test]
    fun unit_values() {
        let u = ();
        let w = { u };
        w;
        let a = { (); 1 };
        assert!(a == 1, 1);
    }
}
