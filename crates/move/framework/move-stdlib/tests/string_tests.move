#[test_only]
/// Tests of `std::string`. Abort codes: 1 `EINVALID_UTF8`, 2 `EINVALID_INDEX`.
module std::string_tests {
    use std::string::{Self, String};
    use std::option;

    /// "añb€" : a (1 byte), ñ (2 bytes: C3 B1), b (1 byte), € (3 bytes: E2 82 AC).
    fun mixed(): String {
        string::utf8(x"61c3b162e282ac")
    }

    #[test]
    fun utf8_ascii() {
        let s = string::utf8(b"hello");
        assert!(string::length(&s) == 5, 0);
        assert!(*string::bytes(&s) == b"hello", 1);
        assert!(!string::is_empty(&s), 2);
    }

    #[test]
    fun utf8_multibyte_counts_bytes() {
        let s = mixed();
        assert!(string::length(&s) == 7, 0);
    }

    #[test]
    fun utf8_empty() {
        let s = string::utf8(vector[]);
        assert!(string::is_empty(&s), 0);
        assert!(string::length(&s) == 0, 1);
    }

    #[test]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun utf8_lone_continuation_fails() {
        string::utf8(x"80");
    }

    #[test]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun utf8_truncated_sequence_fails() {
        // The first two bytes of a three-byte character.
        string::utf8(x"61e282");
    }

    #[test]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun utf8_overlong_fails() {
        // An overlong encoding of '/'.
        string::utf8(x"c0af");
    }

    #[test]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun utf8_surrogate_fails() {
        // U+D800 encoded directly is not valid UTF-8.
        string::utf8(x"eda080");
    }

    #[test]
    fun try_utf8_some_and_none() {
        let ok = string::try_utf8(b"ok");
        assert!(option::is_some(&ok), 0);
        assert!(*option::borrow(&ok) == string::utf8(b"ok"), 1);
        let bad = string::try_utf8(x"ff");
        assert!(option::is_none(&bad), 2);
    }

    #[test]
    fun internal_check_utf8_is_public() {
        assert!(string::internal_check_utf8(&b"abc"), 0);
        assert!(string::internal_check_utf8(&x"e282ac"), 1);
        assert!(!string::internal_check_utf8(&x"fe"), 2);
    }

    #[test]
    fun append_joins() {
        let s = string::utf8(b"foo");
        string::append(&mut s, string::utf8(b"bar"));
        assert!(s == string::utf8(b"foobar"), 0);
        string::append(&mut s, string::utf8(b""));
        assert!(s == string::utf8(b"foobar"), 1);
    }

    #[test]
    fun append_utf8_joins_bytes() {
        let s = string::utf8(b"a");
        string::append_utf8(&mut s, x"e282ac");
        assert!(*string::bytes(&s) == x"61e282ac", 0);
    }

    #[test]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun append_utf8_invalid_fails() {
        let s = string::utf8(b"a");
        string::append_utf8(&mut s, x"c3");
    }

    #[test]
    fun insert_at_boundaries() {
        let s = string::utf8(b"ad");
        string::insert(&mut s, 1, string::utf8(b"bc"));
        assert!(s == string::utf8(b"abcd"), 0);
        string::insert(&mut s, 0, string::utf8(b">"));
        assert!(s == string::utf8(b">abcd"), 1);
        string::insert(&mut s, 5, string::utf8(b"<"));
        assert!(s == string::utf8(b">abcd<"), 2);
    }

    #[test]
    fun insert_next_to_multibyte() {
        let s = mixed();
        // Byte 3 is right after "añ".
        string::insert(&mut s, 3, string::utf8(b"-"));
        assert!(*string::bytes(&s) == x"61c3b12d62e282ac", 0);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun insert_inside_character_fails() {
        let s = mixed();
        string::insert(&mut s, 2, string::utf8(b"x"));
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun insert_past_end_fails() {
        let s = string::utf8(b"ab");
        string::insert(&mut s, 3, string::utf8(b"x"));
    }

    #[test]
    fun sub_string_windows() {
        let s = string::utf8(b"abcdef");
        assert!(string::sub_string(&s, 1, 4) == string::utf8(b"bcd"), 0);
        assert!(string::sub_string(&s, 0, 6) == s, 1);
        assert!(string::is_empty(&string::sub_string(&s, 3, 3)), 2);
        assert!(string::is_empty(&string::sub_string(&s, 6, 6)), 3);
    }

    #[test]
    fun sub_string_multibyte() {
        let s = mixed();
        assert!(*string::bytes(&string::sub_string(&s, 1, 3)) == x"c3b1", 0);
        assert!(*string::bytes(&string::sub_string(&s, 4, 7)) == x"e282ac", 1);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun sub_string_inside_character_fails() {
        let s = mixed();
        string::sub_string(&s, 0, 2);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun sub_string_start_inside_character_fails() {
        let s = mixed();
        string::sub_string(&s, 5, 7);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun sub_string_reversed_fails() {
        let s = string::utf8(b"abc");
        string::sub_string(&s, 2, 1);
    }

    #[test]
    #[expected_failure(abort_code = 2, location = std::string)]
    fun sub_string_past_end_fails() {
        let s = string::utf8(b"abc");
        string::sub_string(&s, 0, 4);
    }

    #[test]
    fun index_of_finds_or_returns_length() {
        let s = string::utf8(b"abcabc");
        assert!(string::index_of(&s, &string::utf8(b"bc")) == 1, 0);
        assert!(string::index_of(&s, &string::utf8(b"cab")) == 2, 1);
        assert!(string::index_of(&s, &string::utf8(b"abc")) == 0, 2);
        assert!(string::index_of(&s, &string::utf8(b"x")) == 6, 3);
        assert!(string::index_of(&s, &string::utf8(b"")) == 0, 4);
        assert!(string::index_of(&s, &string::utf8(b"abcabcd")) == 6, 5);
    }

    #[test]
    fun index_of_multibyte() {
        let s = mixed();
        assert!(string::index_of(&s, &string::utf8(x"e282ac")) == 4, 0);
    }

    #[test]
    fun receiver_calls() {
        let s = string::utf8(b"ab");
        s.append(string::utf8(b"cd"));
        assert!(s.length() == 4, 0);
        assert!(s.sub_string(1, 3) == string::utf8(b"bc"), 1);
        assert!(s.index_of(&string::utf8(b"d")) == 3, 2);
        assert!(*s.bytes() == b"abcd", 3);
    }
}
