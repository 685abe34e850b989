module corpus::bcs_known {
    use std::bcs;
    use std::string;

    struct Pair has drop { a: u8, b: u16 }

    #[test]
    fun integers_little_endian() {
        assert!(bcs::to_bytes(&1u8) == x"01", 1);
        assert!(bcs::to_bytes(&0x0102u16) == x"0201", 2);
        assert!(bcs::to_bytes(&0x01020304u32) == x"04030201", 3);
        assert!(bcs::to_bytes(&1u64) == x"0100000000000000", 4);
        assert!(bcs::to_bytes(&18446744073709551615u64) == x"ffffffffffffffff", 5);
        assert!(bcs::to_bytes(&1u128) == x"01000000000000000000000000000000", 6);
        assert!(bcs::to_bytes(&2u256).length() == 32, 7);
    }

    #[test]
    fun bools_vectors_strings() {
        assert!(bcs::to_bytes(&true) == x"01" && bcs::to_bytes(&false) == x"00", 1);
        assert!(bcs::to_bytes(&vector[1u8, 2, 3]) == x"03010203", 2);
        assert!(bcs::to_bytes(&vector<u64>[]) == x"00", 3);
        assert!(bcs::to_bytes(&string::utf8(b"abc")) == x"03616263", 4);
        assert!(bcs::to_bytes(&vector[true, false]) == x"020100", 5);
    }

    #[test]
    fun uleb_lengths() {
        let v = vector[];
        let i = 0;
        while (i < 128) { v.push_back(0u8); i = i + 1; };
        let b = bcs::to_bytes(&v);
        assert!(b.length() == 130, 1);
        assert!(b[0] == 0x80 && b[1] == 0x01, 2);
    }

    #[test]
    fun structs_and_addresses() {
        assert!(bcs::to_bytes(&Pair { a: 7, b: 0x0100 }) == x"070001", 1);
        let a = bcs::to_bytes(&@0x1);
        assert!(a.length() == 32 && a[31] == 1 && a[0] == 0, 2);
        assert!(bcs::serialized_size(&Pair { a: 1, b: 2 }) == 3, 3);
    }
}
