module corpus::shifts_wide {
    fun shl16(a: u16, n: u8): u16 { a << n }
    fun shl32(a: u32, n: u8): u32 { a << n }
    fun shr128(a: u128, n: u8): u128 { a >> n }
    fun shr256(a: u256, n: u8): u256 { a >> n }

    #[test]
    fun values() {
        assert!(shl16(0xABCD, 8) == 0xCD00, 1);
        assert!(shl32(0xDEADBEEF, 16) == 0xBEEF0000, 2);
        assert!(shr128(1 << 127, 127) == 1, 3);
        assert!(shr256(0xFF00, 8) == 0xFF, 4);
        assert!(shr256(1, 255) == 0, 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shl16_by_16() { shl16(1, 16); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shl32_by_32() { shl32(1, 32); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shr128_by_128() { shr128(1, 128); }
}
