/// Binary Canonical Serialization (BCS) of Move values.
///
/// BCS is the byte format of everything stored on chain and passed as a transaction argument.
/// Integers are little-endian; vectors and byte strings start with their length as ULEB128;
/// structs are their fields in order; addresses are their 32 bytes.
module std::bcs {
    use std::option::Option;

    /// The BCS bytes of `*v`.
    native public fun to_bytes<MoveValue>(v: &MoveValue): vector<u8>;

    /// The number of bytes `to_bytes(v)` would return, without building them.
    native public fun serialized_size<MoveValue>(v: &MoveValue): u64;

    // `constant_serialized_size` is friend-only for now (Aptos makes it public a release later);
    // the test module is a friend so it can check the native.
    #[test_only]
    friend std::bcs_tests;

    /// `some(n)` when every value of `MoveValue` serializes to exactly `n` bytes (integers,
    /// `bool`, `address`, and structs built only from those), `none()` when the size depends on
    /// the value (anything containing a vector, for example).
    native public(friend) fun constant_serialized_size<MoveValue>(): Option<u64>;
}
