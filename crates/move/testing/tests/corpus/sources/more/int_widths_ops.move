module corpus::int_widths_ops {
    fun ops16(a: u16, b: u16): vector<u16> { vector[a + b, a - b, a * b, a / b, a % b, a & b, a | b, a ^ b] }
    fun ops32(a: u32, b: u32): vector<u32> { vector[a + b, a - b, a * b, a / b, a % b, a & b, a | b, a ^ b] }
    fun ops128(a: u128, b: u128): vector<u128> { vector[a + b, a - b, a * b, a / b, a % b, a & b, a | b, a ^ b] }

    #[test]
    fun every_operator_every_width() {
        assert!(ops16(300, 7) == vector[307, 293, 2100, 42, 6, 4, 303, 299], 1);
        assert!(ops32(100000, 3) == vector[100003, 99997, 300000, 33333, 1, 0, 100003, 100003], 2);
        assert!(ops128(12, 10) == vector[22, 2, 120, 1, 2, 8, 14, 6], 3);
    }

    #[test]
    fun comparisons_every_width() {
        assert!(1u16 < 2 && 2u16 <= 2 && 3u16 > 2 && 3u16 >= 3 && 4u16 != 5, 1);
        assert!(1u32 < 2 && 2u32 <= 2 && 3u32 > 2 && 3u32 >= 3 && 4u32 != 5, 2);
        assert!(1u128 < 2 && 2u128 <= 2 && 3u128 > 2 && 3u128 >= 3 && 4u128 != 5, 3);
        assert!(1u256 < 2 && 2u256 <= 2 && 3u256 > 2 && 3u256 >= 3 && 4u256 != 5, 4);
    }
}
