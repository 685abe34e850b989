#[test_only]
/// Tests of `std::fixed_point32`. A raw value `v` means `v / 2^32`. Abort codes: 0x10001
/// `EDENOMINATOR`, 0x20002 `EDIVISION`, 0x20003 `EMULTIPLICATION`, 0x10004
/// `EDIVISION_BY_ZERO`, 0x20005 `ERATIO_OUT_OF_RANGE`.
module std::fixed_point32_tests {
    use std::fixed_point32::{Self, FixedPoint32};

    const ONE: u64 = 0x100000000;
    const HALF: u64 = 0x80000000;
    const MAX_U64: u64 = 18446744073709551615;

    fun raw(v: u64): FixedPoint32 {
        fixed_point32::create_from_raw_value(v)
    }

    // ----- construction ---------------------------------------------------------------------

    #[test]
    fun rational_exact_fractions() {
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(1, 2)) == HALF, 0);
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(3, 4)) == 3 * (ONE / 4), 1);
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(5, 1)) == 5 * ONE, 2);
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(6, 3)) == 2 * ONE, 3);
    }

    #[test]
    fun rational_rounds_down() {
        // 2^32 / 3 = 1431655765.33...
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(1, 3)) == 1431655765, 0);
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(2, 3)) == 2863311530, 1);
    }

    #[test]
    fun rational_zero_numerator() {
        let z = fixed_point32::create_from_rational(0, 7);
        assert!(fixed_point32::is_zero(z), 0);
    }

    #[test]
    fun rational_smallest_and_largest() {
        // 1 / 2^32 is the smallest positive value.
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_rational(1, ONE)) == 1, 0);
        // (2^32 - 1) / 1 is the largest whole number.
        let big = fixed_point32::create_from_rational(ONE - 1, 1);
        assert!(fixed_point32::get_raw_value(big) == (ONE - 1) * ONE, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::fixed_point32)]
    fun rational_zero_denominator_fails() {
        fixed_point32::create_from_rational(1, 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::fixed_point32)]
    fun rational_zero_over_zero_fails() {
        fixed_point32::create_from_rational(0, 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x20005, location = std::fixed_point32)]
    fun rational_too_small_fails() {
        // 1 / 2^33 rounds to zero.
        fixed_point32::create_from_rational(1, 2 * ONE);
    }

    #[test]
    #[expected_failure(abort_code = 0x20005, location = std::fixed_point32)]
    fun rational_too_large_fails() {
        fixed_point32::create_from_rational(ONE, 1);
    }

    #[test]
    fun from_u64_whole_numbers() {
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_u64(0)) == 0, 0);
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_u64(1)) == ONE, 1);
        assert!(fixed_point32::get_raw_value(fixed_point32::create_from_u64(5)) == 5 * ONE, 2);
        assert!(fixed_point32::floor(fixed_point32::create_from_u64(ONE - 1)) == ONE - 1, 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20005, location = std::fixed_point32)]
    fun from_u64_too_large_fails() {
        fixed_point32::create_from_u64(ONE);
    }

    #[test]
    fun raw_value_round_trip() {
        assert!(fixed_point32::get_raw_value(raw(12345)) == 12345, 0);
        assert!(fixed_point32::get_raw_value(raw(MAX_U64)) == MAX_U64, 1);
        assert!(fixed_point32::is_zero(raw(0)), 2);
        assert!(!fixed_point32::is_zero(raw(1)), 3);
    }

    // ----- multiply_u64 ---------------------------------------------------------------------

    #[test]
    fun multiply_by_fractions() {
        assert!(fixed_point32::multiply_u64(10, fixed_point32::create_from_rational(1, 2)) == 5, 0);
        assert!(fixed_point32::multiply_u64(7, fixed_point32::create_from_rational(1, 2)) == 3, 1);
        assert!(fixed_point32::multiply_u64(100, fixed_point32::create_from_rational(3, 4)) == 75, 2);
        assert!(fixed_point32::multiply_u64(0, raw(MAX_U64)) == 0, 3);
        assert!(fixed_point32::multiply_u64(12, raw(0)) == 0, 4);
    }

    #[test]
    fun multiply_rounds_down() {
        // 1/3 is stored slightly low, so 3 * (1/3) is just under 1.
        assert!(fixed_point32::multiply_u64(3, fixed_point32::create_from_rational(1, 3)) == 0, 0);
        assert!(fixed_point32::multiply_u64(9, fixed_point32::create_from_rational(1, 3)) == 2, 1);
    }

    #[test]
    fun multiply_at_the_limit() {
        assert!(fixed_point32::multiply_u64(MAX_U64, raw(ONE)) == MAX_U64, 0);
        assert!(fixed_point32::multiply_u64(MAX_U64, raw(HALF)) == MAX_U64 / 2, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20003, location = std::fixed_point32)]
    fun multiply_overflow_fails() {
        fixed_point32::multiply_u64(MAX_U64, raw(ONE + 1));
    }

    #[test]
    #[expected_failure(abort_code = 0x20003, location = std::fixed_point32)]
    fun multiply_large_factor_overflow_fails() {
        fixed_point32::multiply_u64(ONE, fixed_point32::create_from_u64(ONE - 1));
        fixed_point32::multiply_u64(2 * ONE, fixed_point32::create_from_u64(ONE - 1));
    }

    // ----- divide_u64 -----------------------------------------------------------------------

    #[test]
    fun divide_by_fractions_and_wholes() {
        assert!(fixed_point32::divide_u64(10, fixed_point32::create_from_rational(1, 2)) == 20, 0);
        assert!(fixed_point32::divide_u64(7, fixed_point32::create_from_u64(2)) == 3, 1);
        assert!(fixed_point32::divide_u64(0, raw(1)) == 0, 2);
        assert!(fixed_point32::divide_u64(MAX_U64, raw(ONE)) == MAX_U64, 3);
    }

    #[test]
    fun divide_by_smallest_value() {
        // Dividing by 2^-32 multiplies by 2^32.
        assert!(fixed_point32::divide_u64(ONE - 1, raw(1)) == (ONE - 1) * ONE, 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x10004, location = std::fixed_point32)]
    fun divide_by_zero_fails() {
        fixed_point32::divide_u64(1, raw(0));
    }

    #[test]
    #[expected_failure(abort_code = 0x10004, location = std::fixed_point32)]
    fun divide_zero_by_zero_fails() {
        fixed_point32::divide_u64(0, raw(0));
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = std::fixed_point32)]
    fun divide_overflow_fails() {
        fixed_point32::divide_u64(MAX_U64, fixed_point32::create_from_rational(1, 2));
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = std::fixed_point32)]
    fun divide_by_tiny_overflow_fails() {
        fixed_point32::divide_u64(ONE, raw(1));
    }

    #[test]
    fun multiply_then_divide_round_trip() {
        let f = fixed_point32::create_from_rational(5, 4);
        let m = fixed_point32::multiply_u64(4000, f);
        assert!(m == 5000, 0);
        assert!(fixed_point32::divide_u64(m, f) == 4000, 1);
    }

    // ----- floor, ceil, round ---------------------------------------------------------------

    #[test]
    fun floor_ceil_round_of_whole() {
        let two = fixed_point32::create_from_u64(2);
        assert!(fixed_point32::floor(two) == 2, 0);
        assert!(fixed_point32::ceil(two) == 2, 1);
        assert!(fixed_point32::round(two) == 2, 2);
        let zero = raw(0);
        assert!(fixed_point32::floor(zero) == 0 && fixed_point32::ceil(zero) == 0 && fixed_point32::round(zero) == 0, 3);
    }

    #[test]
    fun floor_ceil_round_of_quarter() {
        let v = raw(2 * ONE + ONE / 4);
        assert!(fixed_point32::floor(v) == 2, 0);
        assert!(fixed_point32::ceil(v) == 3, 1);
        assert!(fixed_point32::round(v) == 2, 2);
    }

    #[test]
    fun round_half_goes_up() {
        let v = raw(2 * ONE + HALF);
        assert!(fixed_point32::floor(v) == 2, 0);
        assert!(fixed_point32::ceil(v) == 3, 1);
        assert!(fixed_point32::round(v) == 3, 2);
        let below = raw(HALF - 1);
        assert!(fixed_point32::round(below) == 0, 3);
        assert!(fixed_point32::ceil(below) == 1, 4);
        assert!(fixed_point32::floor(below) == 0, 5);
    }

    #[test]
    fun smallest_positive_value() {
        let tiny = raw(1);
        assert!(fixed_point32::floor(tiny) == 0, 0);
        assert!(fixed_point32::ceil(tiny) == 1, 1);
        assert!(fixed_point32::round(tiny) == 0, 2);
    }

    #[test]
    fun largest_value() {
        let top = raw(MAX_U64);
        assert!(fixed_point32::floor(top) == ONE - 1, 0);
        assert!(fixed_point32::ceil(top) == ONE, 1);
        assert!(fixed_point32::round(top) == ONE, 2);
    }

    // ----- comparisons ----------------------------------------------------------------------

    #[test]
    fun min_and_max() {
        let a = fixed_point32::create_from_rational(1, 3);
        let b = fixed_point32::create_from_rational(1, 2);
        assert!(fixed_point32::min(a, b) == a, 0);
        assert!(fixed_point32::min(b, a) == a, 1);
        assert!(fixed_point32::max(a, b) == b, 2);
        assert!(fixed_point32::max(b, a) == b, 3);
        assert!(fixed_point32::min(a, a) == a && fixed_point32::max(b, b) == b, 4);
    }

    #[test]
    fun receiver_calls() {
        let v = fixed_point32::create_from_rational(7, 2);
        assert!(v.floor() == 3, 0);
        assert!(v.ceil() == 4, 1);
        assert!(v.round() == 4, 2);
        assert!(v.get_raw_value() == 7 * HALF, 3);
        assert!(!v.is_zero(), 4);
    }
}
