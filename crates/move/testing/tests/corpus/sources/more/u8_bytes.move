module corpus::u8_bytes {
    fun to_upper(s: &vector<u8>): vector<u8> {
        s.map_ref(|c| if (*c >= 97 && *c <= 122) *c - 32 else *c)
    }

    fun caesar(s: &vector<u8>, k: u8): vector<u8> {
        s.map_ref(|c| if (*c >= 97 && *c <= 122) ((((*c - 97) as u64) + (k as u64)) % 26 + 97 as u8) else *c)
    }

    #[test]
    fun transforms() {
        assert!(to_upper(&b"Hello, move!") == b"HELLO, MOVE!", 1);
        assert!(caesar(&b"abc xyz", 3) == b"def abc", 2);
        assert!(caesar(&caesar(&b"round", 13), 13) == b"round", 3);
    }
}
