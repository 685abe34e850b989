module corpus::cast_chains {
    fun roundtrip(x: u8): u8 { ((((((x as u16) as u32) as u64) as u128) as u256) as u8) }
    fun narrow(x: u256): u16 { ((x % 65536) as u16) }

    #[test]
    fun chains() {
        assert!(roundtrip(0) == 0 && roundtrip(255) == 255 && roundtrip(77) == 77, 1);
        assert!(narrow(65536 + 5) == 5, 2);
        assert!(narrow(115792089237316195423570985008687907853269984665640564039457584007913129639935) == 65535, 3);
        let big: u128 = 4294967296;
        assert!(((big - 1) as u32) == 4294967295, 4);
        assert!(((big >> 32) as u8) == 1, 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun u256_to_u64_aborts() {
        let x: u256 = 1 << 64;
        let _ = (x as u64);
    }
}
