module corpus::string_basic {
    use std::string::{Self, String};

    #[test]
    fun build_and_measure() {
        let s = string::utf8(b"hello");
        assert!(s.length() == 5, 1);
        s.append(string::utf8(b", "));
        s.append_utf8(b"world");
        assert!(s == string::utf8(b"hello, world"), 2);
        assert!(*s.bytes() == b"hello, world", 3);
        assert!(!s.is_empty() && string::utf8(b"").is_empty(), 4);
    }

    #[test]
    fun substrings_and_search() {
        let s = string::utf8(b"abcabc");
        assert!(s.sub_string(1, 4) == string::utf8(b"bca"), 1);
        assert!(s.index_of(&string::utf8(b"ca")) == 2, 2);
        assert!(s.index_of(&string::utf8(b"zz")) == 6, 3);
        assert!(s.index_of(&string::utf8(b"")) == 0, 4);
        let t: String = string::utf8(b"ac");
        t.insert(1, string::utf8(b"b"));
        assert!(t == string::utf8(b"abc"), 5);
    }

    #[test]
    fun multibyte_utf8() {
        // "é" is C3 A9, "€" is E2 82 AC
        let s = string::utf8(x"c3a9e282ac");
        assert!(s.length() == 5, 1);
        assert!(s.sub_string(0, 2) == string::utf8(b"\xc3\xa9"), 2);
        assert!(string::try_utf8(x"e282").is_none(), 3);
        assert!(string::try_utf8(b"ok").is_some(), 4);
    }

    #[test]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun invalid_utf8() { string::utf8(x"ff"); }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun split_inside_char() {
        let s = string::utf8(x"c3a9");
        s.sub_string(1, 2);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun insert_past_end() {
        let s = string::utf8(b"ab");
        s.insert(3, string::utf8(b"c"));
    }
}
