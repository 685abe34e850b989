module corpus::error_codes {
    use std::error;

    const ENOT_OWNER: u64 = 3;

    fun guard(ok: bool) { assert!(ok, error::permission_denied(ENOT_OWNER)) }

    #[test]
    fun canonical_values() {
        assert!(error::invalid_argument(1) == 0x10001, 1);
        assert!(error::out_of_range(2) == 0x20002, 2);
        assert!(error::invalid_state(0) == 0x30000, 3);
        assert!(error::not_found(0xffff) == 0x6ffff, 4);
        assert!(error::already_exists(5) == 0x80005, 5);
        assert!(error::canonical(0xB, 7) == 720903, 6);
    }

    #[test]
    #[expected_failure(abort_code = 0x50003, location = Self)]
    fun permission_denied_code() { guard(false) }

    #[test]
    fun guard_passes() { guard(true) }
}
