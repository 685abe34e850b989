module corpus::bit_tricks {
    fun is_pow2(x: u64): bool { x != 0 && (x & (x - 1)) == 0 }
    fun lowest_bit(x: u64): u64 { x & ((x ^ 0xFFFFFFFFFFFFFFFF) + 1) }
    fun reverse_u8(b: u8): u8 {
        let r = 0u8;
        let i = 0;
        while (i < 8) { r = (r << 1) | (b & 1); b = b >> 1; i = i + 1; };
        r
    }
    fun log2_floor(x: u128): u8 {
        let n = 0u8;
        while (x > 1) { x = x >> 1; n = n + 1; };
        n
    }

    #[test]
    fun powers_of_two() {
        assert!(is_pow2(1) && is_pow2(1024) && is_pow2(9223372036854775808), 1);
        assert!(!is_pow2(0) && !is_pow2(6) && !is_pow2(18446744073709551615), 2);
    }

    #[test]
    fun other_tricks() {
        assert!(lowest_bit(12) == 4 && lowest_bit(1) == 1 && lowest_bit(0x8000) == 0x8000, 1);
        assert!(reverse_u8(1) == 128 && reverse_u8(0xF0) == 0x0F && reverse_u8(0xA5) == 0xA5, 2);
        assert!(reverse_u8(0x06) == 0x60, 3);
        assert!(log2_floor(1) == 0 && log2_floor(1024) == 10 && log2_floor(1023) == 9, 4);
        assert!(log2_floor(340282366920938463463374607431768211455) == 127, 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun lowest_bit_of_zero_overflows() { lowest_bit(0); }
}
