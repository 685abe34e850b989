module corpus::base_convert {
    const DIGITS: vector<u8> = b"0123456789abcdef";

    fun to_base(n: u64, base: u64): vector<u8> {
        if (n == 0) return b"0";
        let out = vector[];
        while (n > 0) {
            out.push_back(DIGITS[n % base]);
            n = n / base;
        };
        out.reverse();
        out
    }

    fun parse_decimal(s: &vector<u8>): u64 {
        let n = 0;
        s.for_each_ref(|c| n = n * 10 + ((*c - 48) as u64));
        n
    }

    #[test]
    fun formatting() {
        assert!(to_base(255, 16) == b"ff", 1);
        assert!(to_base(255, 2) == b"11111111", 2);
        assert!(to_base(0, 10) == b"0", 3);
        assert!(to_base(1234567, 10) == b"1234567", 4);
        assert!(to_base(64, 8) == b"100", 5);
    }

    #[test]
    fun parsing() {
        assert!(parse_decimal(&b"0") == 0, 1);
        assert!(parse_decimal(&b"90210") == 90210, 2);
        assert!(parse_decimal(&to_base(777, 10)) == 777, 3);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun non_digit_underflows() { parse_decimal(&b"1a/"); }
}
