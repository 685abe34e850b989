#[test_only]
/// Tests of `std::bcs`: encodings checked byte for byte against the BCS rules (little-endian
/// integers, ULEB128 lengths, fields in order).
module std::bcs_tests {
    use std::bcs;
    use std::option;
    use std::string;
    use std::vector;

    struct Pair has drop { small: u8, flag: bool }
    struct Fixed has drop { a: u64, b: address, c: u128 }
    struct WithVector has drop { id: u16, data: vector<u8> }
    struct Outer has drop { inner: Pair, last: u32 }

    #[test]
    fun unsigned_integers_little_endian() {
        assert!(bcs::to_bytes(&0x12u8) == x"12", 0);
        assert!(bcs::to_bytes(&0x1234u16) == x"3412", 1);
        assert!(bcs::to_bytes(&0x12345678u32) == x"78563412", 2);
        assert!(bcs::to_bytes(&1u64) == x"0100000000000000", 3);
        assert!(bcs::to_bytes(&0x0102030405060708u64) == x"0807060504030201", 4);
        assert!(bcs::to_bytes(&1u128) == x"01000000000000000000000000000000", 5);
        assert!(
            bcs::to_bytes(&1u256) == x"0100000000000000000000000000000000000000000000000000000000000000",
            6
        );
    }

    #[test]
    fun integer_extremes() {
        assert!(bcs::to_bytes(&255u8) == x"ff", 0);
        assert!(bcs::to_bytes(&18446744073709551615u64) == x"ffffffffffffffff", 1);
        assert!(bcs::to_bytes(&0u128) == x"00000000000000000000000000000000", 2);
    }

    #[test]
    fun booleans() {
        assert!(bcs::to_bytes(&true) == x"01", 0);
        assert!(bcs::to_bytes(&false) == x"00", 1);
    }

    #[test]
    fun addresses_are_32_bytes() {
        assert!(
            bcs::to_bytes(&@0x1) == x"0000000000000000000000000000000000000000000000000000000000000001",
            0
        );
        assert!(
            bcs::to_bytes(&@0xABCD) == x"000000000000000000000000000000000000000000000000000000000000abcd",
            1
        );
    }

    #[test]
    fun byte_vectors_have_length_prefix() {
        assert!(bcs::to_bytes(&b"abc") == x"03616263", 0);
        assert!(bcs::to_bytes(&vector<u8>[]) == x"00", 1);
    }

    #[test]
    fun long_vector_uses_two_byte_uleb() {
        let v = vector::empty<u8>();
        let i = 0;
        while (i < 200) {
            vector::push_back(&mut v, 7);
            i = i + 1;
        };
        let bytes = bcs::to_bytes(&v);
        // 200 = 0xC8 -> ULEB128 C8 01.
        assert!(vector::length(&bytes) == 202, 0);
        assert!(*vector::borrow(&bytes, 0) == 0xC8, 1);
        assert!(*vector::borrow(&bytes, 1) == 0x01, 2);
        assert!(*vector::borrow(&bytes, 2) == 7, 3);
    }

    #[test]
    fun vectors_of_integers_and_nested() {
        assert!(bcs::to_bytes(&vector[1u16, 2u16]) == x"0201000200", 0);
        assert!(bcs::to_bytes(&vector[vector[1u8], vector[]]) == x"02010100", 1);
    }

    #[test]
    fun strings_are_byte_vectors() {
        assert!(bcs::to_bytes(&string::utf8(b"hi")) == x"026869", 0);
    }

    #[test]
    fun options_are_vectors() {
        assert!(bcs::to_bytes(&option::some(7u8)) == x"0107", 0);
        assert!(bcs::to_bytes(&option::none<u8>()) == x"00", 1);
    }

    #[test]
    fun structs_are_fields_in_order() {
        assert!(bcs::to_bytes(&Pair { small: 9, flag: true }) == x"0901", 0);
        assert!(bcs::to_bytes(&WithVector { id: 1, data: b"z" }) == x"0100017a", 1);
        assert!(bcs::to_bytes(&Outer { inner: Pair { small: 1, flag: false }, last: 2 }) == x"010002000000", 2);
    }

    #[test]
    fun serialized_size_matches_bytes() {
        assert!(bcs::serialized_size(&1u64) == 8, 0);
        assert!(bcs::serialized_size(&@0x1) == 32, 1);
        assert!(bcs::serialized_size(&b"abc") == 4, 2);
        let s = WithVector { id: 3, data: b"four" };
        assert!(bcs::serialized_size(&s) == vector::length(&bcs::to_bytes(&s)), 3);
        assert!(bcs::serialized_size(&vector<u64>[]) == 1, 4);
    }

    #[test]
    fun constant_size_of_primitives() {
        assert!(bcs::constant_serialized_size<bool>() == option::some(1), 0);
        assert!(bcs::constant_serialized_size<u8>() == option::some(1), 1);
        assert!(bcs::constant_serialized_size<u16>() == option::some(2), 2);
        assert!(bcs::constant_serialized_size<u32>() == option::some(4), 3);
        assert!(bcs::constant_serialized_size<u64>() == option::some(8), 4);
        assert!(bcs::constant_serialized_size<u128>() == option::some(16), 5);
        assert!(bcs::constant_serialized_size<u256>() == option::some(32), 6);
        assert!(bcs::constant_serialized_size<address>() == option::some(32), 7);
    }

    #[test]
    fun constant_size_of_structs() {
        assert!(bcs::constant_serialized_size<Pair>() == option::some(2), 0);
        assert!(bcs::constant_serialized_size<Fixed>() == option::some(8 + 32 + 16), 1);
        assert!(bcs::constant_serialized_size<Outer>() == option::some(6), 2);
    }

    #[test]
    fun no_constant_size_with_vectors() {
        assert!(option::is_none(&bcs::constant_serialized_size<vector<u8>>()), 0);
        assert!(option::is_none(&bcs::constant_serialized_size<WithVector>()), 1);
        assert!(option::is_none(&bcs::constant_serialized_size<string::String>()), 2);
        assert!(option::is_none(&bcs::constant_serialized_size<option::Option<u64>>()), 3);
    }

    #[test]
    fun constant_size_agrees_with_serialized_size() {
        let f = Fixed { a: 1, b: @0x2, c: 3 };
        let size = option::destroy_some(bcs::constant_serialized_size<Fixed>());
        assert!(size == bcs::serialized_size(&f), 0);
    }
}
