module corpus::shifts {
    fun shl8(a: u8, n: u8): u8 { a << n }
    fun shr8(a: u8, n: u8): u8 { a >> n }
    fun shl64(a: u64, n: u8): u64 { a << n }
    fun shr64(a: u64, n: u8): u64 { a >> n }
    fun shl256(a: u256, n: u8): u256 { a << n }

    #[test]
    fun shifts_drop_bits() {
        assert!(shl8(1, 7) == 128, 1);
        assert!(shl8(255, 1) == 254, 2);
        assert!(shl8(0x81, 4) == 0x10, 3);
        assert!(shr8(128, 7) == 1, 4);
        assert!(shr8(0xF0, 4) == 0x0F, 5);
        assert!(shl64(1, 63) == 9223372036854775808, 6);
        assert!(shr64(18446744073709551615, 60) == 15, 7);
        assert!(shl256(1, 255) >> 254 == 2, 8);
        assert!(shl256(3, 0) == 3, 9);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shl8_by_width() { shl8(1, 8); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shr8_by_width() { shr8(1, 8); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shl64_by_64() { shl64(1, 64); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun shr64_by_200() { shr64(1, 200); }
}
