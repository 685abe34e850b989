module corpus::comparisons {
    fun max3(a: u64, b: u64, c: u64): u64 {
        if (a >= b && a >= c) a else if (b >= c) b else c
    }

    #[test]
    fun orderings_of_each_width() {
        assert!(1u8 < 2u8 && 255u8 > 254u8, 1);
        assert!(65535u16 >= 65535u16 && 0u16 <= 0u16, 2);
        assert!(4294967295u32 > 0u32, 3);
        assert!(18446744073709551615u64 > 18446744073709551614u64, 4);
        assert!(340282366920938463463374607431768211455u128 > 1u128, 5);
        assert!(!(5u256 < 5u256), 6);
    }

    #[test]
    fun max_of_three() {
        assert!(max3(1, 2, 3) == 3, 1);
        assert!(max3(3, 2, 1) == 3, 2);
        assert!(max3(2, 3, 1) == 3, 3);
        assert!(max3(7, 7, 7) == 7, 4);
    }

    #[test]
    fun equality_of_compound_values() {
        assert!(vector[1, 2, 3] == vector[1, 2, 3], 1);
        assert!(vector[1, 2] != vector[1, 2, 3], 2);
        assert!(b"abc" == vector[97u8, 98, 99], 3);
        assert!(@0x1 == @0x0000000000000000000000000000000000000000000000000000000000000001, 4);
        assert!(@0x2 != @0x20, 5);
    }
}
