/// UTF-8 text.
///
/// A `String` is a byte vector that is always valid UTF-8: every constructor checks it, and
/// every operation that cuts or splices works only at character boundaries, so no operation
/// can produce invalid text. Lengths and indices count bytes, not characters.
module std::string {
    use std::vector;
    use std::option::{Self, Option};

    /// The bytes are not valid UTF-8.
    const EINVALID_UTF8: u64 = 1;

    /// An index is past the end or falls inside a multi-byte character.
    const EINVALID_INDEX: u64 = 2;

    /// Valid UTF-8 bytes.
    struct String has copy, drop, store {
        bytes: vector<u8>,
    }

    /// The string made of `bytes`; aborts with `EINVALID_UTF8` when they are not UTF-8.
    public fun utf8(bytes: vector<u8>): String {
        assert!(internal_check_utf8(&bytes), EINVALID_UTF8);
        String { bytes }
    }

    /// `some(string)` when `bytes` are UTF-8, `none()` otherwise.
    public fun try_utf8(bytes: vector<u8>): Option<String> {
        if (!internal_check_utf8(&bytes)) {
            return option::none<String>()
        };
        option::some(String { bytes })
    }

    /// The UTF-8 bytes of `self`.
    public fun bytes(self: &String): &vector<u8> {
        &self.bytes
    }

    /// Whether `self` is the empty string.
    public fun is_empty(self: &String): bool {
        vector::length(&self.bytes) == 0
    }

    /// The length of `self` in bytes.
    public fun length(self: &String): u64 {
        vector::length(&self.bytes)
    }

    /// Adds `r` at the end of `self`.
    public fun append(self: &mut String, r: String) {
        let String { bytes } = r;
        vector::append(&mut self.bytes, bytes)
    }

    /// Adds `bytes` at the end of `self`; aborts with `EINVALID_UTF8` when they are not UTF-8.
    public fun append_utf8(self: &mut String, bytes: vector<u8>) {
        append(self, utf8(bytes))
    }

    /// Puts `o` into `self` before byte `at`. Aborts with `EINVALID_INDEX` when `at` is past the
    /// end or not at a character boundary.
    public fun insert(self: &mut String, at: u64, o: String) {
        let n = vector::length(&self.bytes);
        assert!(at <= n && internal_is_char_boundary(&self.bytes, at), EINVALID_INDEX);
        let result = sub_string(self, 0, at);
        append(&mut result, o);
        append(&mut result, sub_string(self, at, n));
        *self = result;
    }

    /// The bytes `[i, j)` of `self` as a new string. Aborts with `EINVALID_INDEX` unless
    /// `i <= j <= length(self)` and both are character boundaries.
    public fun sub_string(self: &String, i: u64, j: u64): String {
        let bytes = &self.bytes;
        let n = vector::length(bytes);
        let in_range = j <= n && i <= j;
        assert!(
            in_range && internal_is_char_boundary(bytes, i) && internal_is_char_boundary(bytes, j),
            EINVALID_INDEX
        );
        String { bytes: internal_sub_string(bytes, i, j) }
    }

    /// The byte index of the first occurrence of `r` in `self`, or `length(self)` when `r` does
    /// not occur.
    public fun index_of(self: &String, r: &String): u64 {
        internal_index_of(&self.bytes, &r.bytes)
    }

    // Natives. `internal_check_utf8` is public because other framework modules validate bytes
    // with it; the rest assume valid UTF-8 input and are kept private.

    /// Whether `v` is valid UTF-8.
    public native fun internal_check_utf8(v: &vector<u8>): bool;
    /// Whether byte `i` of the UTF-8 text `v` starts a character (or is the end).
    native fun internal_is_char_boundary(v: &vector<u8>, i: u64): bool;
    /// A copy of bytes `[i, j)` of `v`.
    native fun internal_sub_string(v: &vector<u8>, i: u64, j: u64): vector<u8>;
    /// The first byte index of `r` inside `v`, or the length of `v`.
    native fun internal_index_of(v: &vector<u8>, r: &vector<u8>): u64;
}
