module corpus::vec_literals {
    #[test]
    fun byte_strings() {
        assert!(b"" == vector[], 1);
        assert!(b"AZ" == vector[65u8, 90u8], 2);
        assert!(x"00ff10" == vector[0u8, 255, 16], 3);
        assert!(b"\n\t" == vector[10u8, 9u8], 4);
        assert!(b"\x41" == b"A", 5);
    }

    #[test]
    fun nested_vectors() {
        let m = vector[vector[1, 2], vector[3], vector[]];
        assert!(m.length() == 3, 1);
        assert!(m[0][1] == 2, 2);
        assert!(m[1] == vector[3], 3);
        assert!(m[2].length() == 0, 4);
    }

    #[test]
    fun vectors_of_each_type() {
        let a = vector[true, false];
        let b = vector[@0x1, @0x2];
        let c = vector[1u128, 2u128];
        let d = vector[1u256];
        assert!(a[1] == false && b[1] == @0x2 && c[0] + c[1] == 3 && d[0] == 1, 1);
    }
}
