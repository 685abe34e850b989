module corpus::literals {
    #[test]
    fun numeric_literal_forms() {
        assert!(0xff == 255, 1);
        assert!(1_000_000 == 1000000, 2);
        assert!(0x1_0000 == 65536, 3);
        assert!(255u8 == 0xFFu8, 4);
        assert!(7u16 + 1u16 == 8, 5);
        assert!(0u32 == 0x0u32, 6);
        assert!(1u128 << 64 == 18446744073709551616, 7);
        assert!(0xFFFF_FFFF_FFFF_FFFFu64 == 18446744073709551615, 8);
    }

    #[test]
    fun address_literals() {
        assert!(@0x0 != @0x1, 1);
        assert!(@0x00000001 == @0x1, 2);
        assert!(@std == @0x1, 3);
        assert!(@corpus == @0xC0, 4);
    }

    #[test]
    fun byte_string_escapes() {
        assert!(b"\\" == vector[92u8], 1);
        assert!(b"\"" == vector[34u8], 2);
        assert!(b"\0" == vector[0u8], 3);
        assert!(b"\r" == x"0d", 4);
        assert!(x"" == b"", 5);
        assert!(x"AbCd" == vector[0xab, 0xcd], 6);
    }
}
