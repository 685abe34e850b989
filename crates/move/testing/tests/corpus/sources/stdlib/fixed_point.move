module corpus::fixed_point {
    use std::fixed_point32;

    #[test]
    fun rational_arithmetic() {
        let half = fixed_point32::create_from_rational(1, 2);
        assert!(half.get_raw_value() == 0x80000000, 1);
        assert!(fixed_point32::multiply_u64(100, half) == 50, 2);
        assert!(fixed_point32::divide_u64(100, half) == 200, 3);
        let third = fixed_point32::create_from_rational(1, 3);
        assert!(fixed_point32::multiply_u64(300, third) == 99, 4);
    }

    #[test]
    fun rounding() {
        let x = fixed_point32::create_from_rational(7, 2);
        assert!(x.floor() == 3 && x.ceil() == 4 && x.round() == 4, 1);
        let y = fixed_point32::create_from_rational(13, 4);
        assert!(y.floor() == 3 && y.ceil() == 4 && y.round() == 3, 2);
        let z = fixed_point32::create_from_u64(5);
        assert!(z.floor() == 5 && z.ceil() == 5 && z.get_raw_value() == 5 << 32, 3);
        assert!(fixed_point32::create_from_raw_value(0).is_zero(), 4);
    }

    #[test]
    fun min_max() {
        let a = fixed_point32::create_from_rational(1, 4);
        let b = fixed_point32::create_from_rational(3, 4);
        assert!(fixed_point32::min(a, b) == a && fixed_point32::max(a, b) == b, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::fixed_point32)]
    fun zero_denominator() { fixed_point32::create_from_rational(1, 0); }

    #[test]
    #[expected_failure(abort_code = 0x10004, location = std::fixed_point32)]
    fun divide_by_zero() {
        fixed_point32::divide_u64(1, fixed_point32::create_from_raw_value(0));
    }

    #[test]
    #[expected_failure(abort_code = 0x20003, location = std::fixed_point32)]
    fun multiply_overflow() {
        fixed_point32::multiply_u64(18446744073709551615, fixed_point32::create_from_u64(2));
    }
}
