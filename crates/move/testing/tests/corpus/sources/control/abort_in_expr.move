module corpus::abort_in_expr {
    fun pick(b: bool): u64 { if (b) 1 else abort 99 }

    fun nested(x: u64): u64 {
        let y = { if (x == 0) abort 3; x + 1 };
        y * 2
    }

    #[test]
    fun abort_as_expression() {
        assert!(pick(true) == 1, 1);
        assert!(nested(4) == 10, 2);
    }

    #[test]
    #[expected_failure(abort_code = 99, location = Self)]
    fun branch_aborts() { pick(false); }

    #[test]
    #[expected_failure(abort_code = 3, location = Self)]
    fun block_aborts() { nested(0); }
}
