module corpus::casts {
    fun to_u8(x: u64): u8 { (x as u8) }
    fun to_u16(x: u128): u16 { (x as u16) }
    fun to_u32(x: u256): u32 { (x as u32) }
    fun to_u64(x: u128): u64 { (x as u64) }
    fun to_u128(x: u256): u128 { (x as u128) }

    #[test]
    fun widening_and_fitting() {
        assert!(to_u8(255) == 255, 1);
        assert!(to_u16(65535) == 65535, 2);
        assert!(to_u32(4294967295) == 4294967295, 3);
        assert!(to_u64(18446744073709551615) == 18446744073709551615, 4);
        assert!((200u8 as u256) * 2 == 400, 5);
        assert!(((7u8 as u64) << 60) == 8070450532247928832, 6);
        assert!((1u16 as u128) == 1, 7);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun u8_truncation_aborts() { to_u8(256); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun u16_truncation_aborts() { to_u16(65536); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun u32_truncation_aborts() { to_u32(4294967296); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun u64_truncation_aborts() { to_u64(18446744073709551616); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun u128_truncation_aborts() { to_u128(340282366920938463463374607431768211456); }
}
