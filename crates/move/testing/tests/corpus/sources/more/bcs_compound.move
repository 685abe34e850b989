module corpus::bcs_compound {
    use std::bcs;
    use std::option;

    struct Inner has drop { flag: bool, bytes: vector<u8> }
    struct Outer has drop { id: u32, inner: Inner, tags: vector<u16> }
    enum E has drop { A, B(u8), C { x: u16 } }

    #[test]
    fun nested_struct() {
        let o = Outer { id: 1, inner: Inner { flag: true, bytes: b"hi" }, tags: vector[1, 256] };
        // id | flag | len 'h' 'i' | len 1u16 256u16
        assert!(bcs::to_bytes(&o) == x"01000000010268690201000001", 1);
    }

    #[test]
    fun options_are_vectors() {
        assert!(bcs::to_bytes(&option::some(5u64)) == x"010500000000000000", 1);
        assert!(bcs::to_bytes(&option::none<u64>()) == x"00", 2);
        assert!(bcs::to_bytes(&option::some(true)) == bcs::to_bytes(&vector[true]), 3);
    }

    #[test]
    fun enum_variants_tagged() {
        assert!(bcs::to_bytes(&E::A) == x"00", 1);
        assert!(bcs::to_bytes(&E::B(7)) == x"0107", 2);
        assert!(bcs::to_bytes(&E::C { x: 0x0102 }) == x"020201", 3);
    }

    #[test]
    fun vector_of_vectors() {
        assert!(bcs::to_bytes(&vector[b"a", b""]) == x"02016100", 1);
        assert!(bcs::to_bytes(&vector[@0x1]).length() == 33, 2);
    }
}
