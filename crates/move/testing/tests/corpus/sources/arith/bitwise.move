module corpus::bitwise {
    fun popcount(x: u64): u64 {
        let n = 0;
        while (x != 0) {
            n = n + (x & 1);
            x = x >> 1;
        };
        n
    }

    #[test]
    fun and_or_xor() {
        assert!((0xF0u8 & 0x3C) == 0x30, 1);
        assert!((0xF0u8 | 0x0F) == 0xFF, 2);
        assert!((0xFFu8 ^ 0x0F) == 0xF0, 3);
        assert!((0xAAAAu16 ^ 0x5555) == 0xFFFF, 4);
        assert!((12345u64 & 0) == 0, 5);
        assert!((0x1234u32 | 0x4321) == 0x5335, 6);
    }

    #[test]
    fun counts_bits() {
        assert!(popcount(0) == 0, 1);
        assert!(popcount(255) == 8, 2);
        assert!(popcount(0x8000000000000001) == 2, 3);
        assert!(popcount(18446744073709551615) == 64, 4);
        assert!(popcount(1000) == 6, 5);
    }

    #[test]
    fun xor_swap() {
        let a = 17u64;
        let b = 42u64;
        a = a ^ b;
        b = a ^ b;
        a = a ^ b;
        assert!(a == 42 && b == 17, 1);
    }
}
