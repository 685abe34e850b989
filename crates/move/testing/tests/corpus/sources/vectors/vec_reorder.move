module corpus::vec_reorder {
    #[test]
    fun reverse_variants() {
        let v = vector[1, 2, 3, 4, 5];
        v.reverse();
        assert!(v == vector[5, 4, 3, 2, 1], 1);
        v.reverse_slice(1, 4);
        assert!(v == vector[5, 2, 3, 4, 1], 2);
        let e: vector<u8> = vector[];
        e.reverse();
        assert!(e.length() == 0, 3);
    }

    #[test]
    fun rotations() {
        let v = vector[1, 2, 3, 4, 5];
        let k = v.rotate(2);
        assert!(v == vector[3, 4, 5, 1, 2], 1);
        assert!(k == 3, 2);
        let w = vector[1, 2, 3, 4, 5, 6];
        w.rotate_slice(1, 3, 5);
        assert!(w == vector[1, 4, 5, 2, 3, 6], 3);
    }

    #[test]
    fun slices_and_ranges() {
        let v = vector[10, 11, 12, 13, 14];
        assert!(v.slice(1, 4) == vector[11, 12, 13], 1);
        assert!(v.slice(2, 2) == vector[], 2);
        assert!(std::vector::range(3, 7) == vector[3, 4, 5, 6], 3);
        assert!(std::vector::range_with_step(0, 10, 3) == vector[0, 3, 6, 9], 4);
        assert!(std::vector::singleton(9u8) == b"\x09", 5);
    }

    #[test]
    #[expected_failure(abort_code = 0x20004, location = std::vector)]
    fun slice_past_end() {
        let v = vector[1, 2, 3];
        v.slice(1, 4);
    }

    #[test]
    #[expected_failure(abort_code = 0x20003, location = std::vector)]
    fun zero_step() {
        std::vector::range_with_step(0, 5, 0);
    }
}
