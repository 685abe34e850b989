module corpus::compound_widths {
    #[test]
    fun every_width() {
        let a = 250u8; a += 5; assert!(a == 255, 1);
        let b = 1u16; b <<= 15; assert!(b == 32768, 2);
        let c = 100u32; c *= 42949672; assert!(c == 4294967200, 3);
        let d = 7u64; d %= 4; assert!(d == 3, 4);
        let e = 1u128; e <<= 127; e >>= 126; assert!(e == 2, 5);
        let f = 0xffu256; f ^= 0x0f; f &= 0xf3; f |= 0x100; assert!(f == 0x1f0, 6);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun compound_sub_underflow() { let x = 0u16; x -= 1; }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun compound_div_zero() { let x = 1u32; let z = 0u32; x /= z; }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun compound_shift_too_far() { let x = 1u8; let n = 8u8; x <<= n; }
}
