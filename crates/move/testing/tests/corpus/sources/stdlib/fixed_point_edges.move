module corpus::fixed_point_edges {
    use std::fixed_point32;

    #[test]
    fun smallest_and_largest() {
        let tiny = fixed_point32::create_from_rational(1, 4294967296);
        assert!(tiny.get_raw_value() == 1, 1);
        let big = fixed_point32::create_from_u64(4294967295);
        assert!(big.floor() == 4294967295 && big.ceil() == 4294967295, 2);
        assert!(fixed_point32::create_from_rational(0, 7).is_zero(), 3);
        let almost_one = fixed_point32::create_from_raw_value(4294967295);
        assert!(almost_one.floor() == 0 && almost_one.ceil() == 1 && almost_one.round() == 1, 4);
        assert!(fixed_point32::multiply_u64(4294967296, almost_one) == 4294967295, 5);
    }

    #[test]
    #[expected_failure(abort_code = 0x20005, location = std::fixed_point32)]
    fun ratio_too_small() { fixed_point32::create_from_rational(1, 8589934592); }

    #[test]
    #[expected_failure(abort_code = 0x20005, location = std::fixed_point32)]
    fun u64_too_big() { fixed_point32::create_from_u64(4294967296); }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = std::fixed_point32)]
    fun divide_result_too_big() {
        fixed_point32::divide_u64(18446744073709551615, fixed_point32::create_from_rational(1, 2));
    }
}
