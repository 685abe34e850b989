module corpus::pow_mod {
    fun pow(b: u64, e: u64): u64 {
        let r = 1;
        while (e > 0) {
            if (e & 1 == 1) r = r * b;
            e = e >> 1;
            if (e > 0) b = b * b;
        };
        r
    }

    fun pow_mod(b: u64, e: u64, m: u64): u64 {
        let r: u128 = 1;
        let base = (b as u128) % (m as u128);
        let mm = m as u128;
        while (e > 0) {
            if (e % 2 == 1) r = r * base % mm;
            base = base * base % mm;
            e = e / 2;
        };
        (r as u64)
    }

    #[test]
    fun powers() {
        assert!(pow(2, 10) == 1024, 1);
        assert!(pow(3, 0) == 1, 2);
        assert!(pow(10, 19) == 10000000000000000000, 3);
        assert!(pow(7, 3) == 343, 4);
    }

    #[test]
    fun modular() {
        assert!(pow_mod(2, 10, 1000) == 24, 1);
        assert!(pow_mod(3, 200, 13) == 9, 2);
        // Fermat: a^(p-1) = 1 mod p
        assert!(pow_mod(12345, 1000000006, 1000000007) == 1, 3);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun pow_overflows() { pow(10, 20); }
}
