module corpus::roman {
    fun to_roman(n: u64): vector<u8> {
        let values = vector[1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
        let symbols = vector[b"M", b"CM", b"D", b"CD", b"C", b"XC", b"L", b"XL", b"X", b"IX", b"V", b"IV", b"I"];
        let out = vector[];
        let i = 0;
        while (n > 0) {
            while (n >= values[i]) { out.append(symbols[i]); n = n - values[i]; };
            i = i + 1;
        };
        out
    }

    fun value_of(c: u8): u64 {
        if (c == 73) 1 else if (c == 86) 5 else if (c == 88) 10 else if (c == 76) 50
        else if (c == 67) 100 else if (c == 68) 500 else if (c == 77) 1000 else abort 1
    }

    fun from_roman(s: &vector<u8>): u64 {
        let total = 0;
        let i = 0;
        let n = s.length();
        while (i < n) {
            let v = value_of(s[i]);
            if (i + 1 < n && v < value_of(s[i + 1])) total = total - v else total = total + v;
            i = i + 1;
        };
        total
    }

    #[test]
    fun conversions() {
        assert!(to_roman(1994) == b"MCMXCIV", 1);
        assert!(to_roman(3888) == b"MMMDCCCLXXXVIII", 2);
        assert!(to_roman(4) == b"IV", 3);
        assert!(from_roman(&b"MCMXCIV") == 1994, 4);
        assert!(from_roman(&to_roman(2024)) == 2024, 5);
    }

    #[test]
    #[expected_failure(abort_code = 1, location = Self)]
    fun bad_numeral() { from_roman(&b"XQ"); }
}
