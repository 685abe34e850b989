module corpus::saturating {
    const MAX64: u64 = 18446744073709551615;

    fun sat_add(a: u64, b: u64): u64 { if (MAX64 - a < b) MAX64 else a + b }
    fun sat_sub(a: u64, b: u64): u64 { if (a < b) 0 else a - b }
    fun sat_mul(a: u64, b: u64): u64 {
        let p = (a as u128) * (b as u128);
        if (p > (MAX64 as u128)) MAX64 else (p as u64)
    }

    #[test]
    fun saturates() {
        assert!(sat_add(MAX64, 1) == MAX64, 1);
        assert!(sat_add(1, 2) == 3, 2);
        assert!(sat_sub(1, 2) == 0 && sat_sub(5, 2) == 3, 3);
        assert!(sat_mul(4294967296, 4294967296) == MAX64, 4);
        assert!(sat_mul(3, 7) == 21, 5);
    }
}
