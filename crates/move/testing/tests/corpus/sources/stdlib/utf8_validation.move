module corpus::utf8_validation {
    use std::string;

    fun valid(b: vector<u8>): bool { string::try_utf8(b).is_some() }

    #[test]
    fun accepts_well_formed() {
        assert!(valid(b""), 1);
        assert!(valid(x"7f"), 2);                 // highest one-byte
        assert!(valid(x"c280"), 3);               // U+0080
        assert!(valid(x"dfbf"), 4);               // U+07FF
        assert!(valid(x"e0a080"), 5);             // U+0800
        assert!(valid(x"efbfbf"), 6);             // U+FFFF
        assert!(valid(x"f09f9880"), 7);           // U+1F600
        assert!(valid(x"f48fbfbf"), 8);           // U+10FFFF
    }

    #[test]
    fun rejects_ill_formed() {
        assert!(!valid(x"80"), 1);                // lone continuation byte
        assert!(!valid(x"c080"), 2);              // overlong NUL
        assert!(!valid(x"c1bf"), 3);              // overlong
        assert!(!valid(x"e080af"), 4);            // overlong three-byte
        assert!(!valid(x"eda080"), 5);            // surrogate U+D800
        assert!(!valid(x"f4908080"), 6);          // above U+10FFFF
        assert!(!valid(x"f5808080"), 7);          // invalid lead byte
        assert!(!valid(x"e282"), 8);              // truncated
        assert!(!valid(x"ff"), 9);
    }

    #[test]
    fun lengths_are_bytes_and_boundaries_are_chars() {
        let s = string::utf8(x"f09f9880e282ac41");   // U+1F600, U+20AC, 'A'
        assert!(s.length() == 8, 1);
        assert!(s.sub_string(4, 7) == string::utf8(x"e282ac"), 2);
        assert!(s.index_of(&string::utf8(b"A")) == 7, 3);
        assert!(s.index_of(&string::utf8(x"e282ac")) == 4, 4);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun sub_string_inside_four_byte_char() {
        let s = string::utf8(x"f09f9880");
        s.sub_string(0, 2);
    }
}
