module corpus::bit_vector_ops {
    use std::bit_vector;

    #[test]
    fun set_unset_query() {
        let bv = bit_vector::new(10);
        assert!(bv.length() == 10, 1);
        bv.set(0);
        bv.set(3);
        bv.set(4);
        bv.set(5);
        assert!(bv.is_index_set(3) && !bv.is_index_set(2), 2);
        assert!(bv.longest_set_sequence_starting_at(3) == 3, 3);
        assert!(bv.longest_set_sequence_starting_at(1) == 0, 4);
        bv.unset(4);
        assert!(bv.longest_set_sequence_starting_at(3) == 1, 5);
    }

    #[test]
    fun shifting() {
        let bv = bit_vector::new(8);
        bv.set(2);
        bv.set(7);
        bv.shift_left(2);
        assert!(bv.is_index_set(0) && bv.is_index_set(5), 1);
        assert!(!bv.is_index_set(2) && !bv.is_index_set(7), 2);
        bv.shift_left(100);
        assert!(!bv.is_index_set(0) && !bv.is_index_set(5), 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::bit_vector)]
    fun set_out_of_range() {
        let bv = bit_vector::new(4);
        bv.set(4);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::bit_vector)]
    fun zero_length() { bit_vector::new(0); }
}
