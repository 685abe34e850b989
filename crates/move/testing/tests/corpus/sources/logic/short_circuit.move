module corpus::short_circuit {
    const EEVALUATED: u64 = 77;

    fun boom(): bool { abort EEVALUATED }

    fun count_and(counter: &mut u64, v: bool): bool { *counter = *counter + 1; v }

    #[test]
    fun and_skips_right_side() {
        assert!(!(false && boom()), 1);
    }

    #[test]
    fun or_skips_right_side() {
        assert!(true || boom(), 1);
    }

    #[test]
    fun counts_evaluations() {
        let c = 0;
        let r = count_and(&mut c, false) && count_and(&mut c, true);
        assert!(!r && c == 1, 1);
        let r2 = count_and(&mut c, false) || count_and(&mut c, true);
        assert!(r2 && c == 3, 2);
    }

    #[test]
    #[expected_failure(abort_code = EEVALUATED, location = Self)]
    fun and_evaluates_right_when_left_true() {
        let _ = true && boom();
    }

    #[test]
    #[expected_failure(abort_code = 77, location = Self)]
    fun or_evaluates_right_when_left_false() {
        let _ = false || boom();
    }
}
