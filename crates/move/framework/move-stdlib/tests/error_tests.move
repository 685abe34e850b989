#[test_only]
/// Tests of `std::error`: each helper puts its category in bits 16 and up.
module std::error_tests {
    use std::error;

    #[test]
    fun canonical_packs_category_and_reason() {
        assert!(error::canonical(0, 0) == 0, 0);
        assert!(error::canonical(1, 2) == 0x10002, 1);
        assert!(error::canonical(0xD, 0xFFFF) == 0xDFFFF, 2);
    }

    #[test]
    fun canonical_reason_may_spill_into_category() {
        // The reason is added, not masked: a reason of 2^16 bumps the category.
        assert!(error::canonical(1, 0x10000) == 0x20000, 0);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = std::error)]
    fun canonical_overflow_fails() {
        // category << 16 drops the high bits silently; the addition then overflows.
        error::canonical(0xFFFFFFFFFFFF, 0x10000);
    }

    #[test]
    fun invalid_argument_code() {
        assert!(error::invalid_argument(0) == 0x10000, 0);
        assert!(error::invalid_argument(7) == 0x10007, 1);
    }

    #[test]
    fun out_of_range_code() {
        assert!(error::out_of_range(1) == 0x20001, 0);
    }

    #[test]
    fun invalid_state_code() {
        assert!(error::invalid_state(2) == 0x30002, 0);
    }

    #[test]
    fun unauthenticated_code() {
        assert!(error::unauthenticated(3) == 0x40003, 0);
    }

    #[test]
    fun permission_denied_code() {
        assert!(error::permission_denied(4) == 0x50004, 0);
    }

    #[test]
    fun not_found_code() {
        assert!(error::not_found(5) == 0x60005, 0);
    }

    #[test]
    fun aborted_code() {
        assert!(error::aborted(6) == 0x70006, 0);
    }

    #[test]
    fun already_exists_code() {
        assert!(error::already_exists(7) == 0x80007, 0);
    }

    #[test]
    fun resource_exhausted_code() {
        assert!(error::resource_exhausted(8) == 0x90008, 0);
    }

    #[test]
    fun internal_code() {
        assert!(error::internal(9) == 0xB0009, 0);
    }

    #[test]
    fun not_implemented_code() {
        assert!(error::not_implemented(10) == 0xC000A, 0);
    }

    #[test]
    fun unavailable_code() {
        assert!(error::unavailable(11) == 0xD000B, 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x60001, location = Self)]
    fun abort_with_canonical_code() {
        abort error::not_found(1)
    }
}
