module corpus::widening {
    fun mul_div(a: u64, b: u64, c: u64): u64 {
        (((a as u128) * (b as u128) / (c as u128)) as u64)
    }

    fun mul_u128_wide(a: u128, b: u128): u256 { (a as u256) * (b as u256) }

    #[test]
    fun intermediate_in_wider_type() {
        assert!(mul_div(18446744073709551615, 3, 4) == 13835058055282163711, 1);
        assert!(mul_div(1000000007, 1000000009, 1000000007) == 1000000009, 2);
        let max128: u128 = 340282366920938463463374607431768211455;
        assert!(mul_u128_wide(max128, 2) == 680564733841876926926749214863536422910, 3);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun narrowing_result_too_big() {
        mul_div(18446744073709551615, 2, 1);
    }
}
