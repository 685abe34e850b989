module corpus::bcs_sizes {
    use std::bcs;

    struct S has drop { a: u64, b: vector<u8>, c: bool }

    #[test]
    fun serialized_size_matches_bytes() {
        let s = S { a: 1, b: b"hello", c: true };
        assert!(bcs::serialized_size(&s) == bcs::to_bytes(&s).length(), 1);
        assert!(bcs::serialized_size(&s) == 8 + 1 + 5 + 1, 2);
        assert!(bcs::serialized_size(&@0x1) == 32, 3);
        assert!(bcs::serialized_size(&1u256) == 32, 4);
        assert!(bcs::serialized_size(&vector<u64>[1, 2]) == 17, 5);
    }
}
