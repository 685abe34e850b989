module corpus::bit_vector_limits {
    use std::bit_vector;

    #[test]
    fun largest_allowed() {
        let bv = bit_vector::new(1023);
        bv.set(1022);
        assert!(bv.is_index_set(1022) && bv.length() == 1023, 1);
        let i = 0;
        while (i < 1023) { bv.set(i); i = i + 1; };
        assert!(bv.longest_set_sequence_starting_at(0) == 1023, 2);
        bv.shift_left(1000);
        assert!(bv.longest_set_sequence_starting_at(0) == 23, 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::bit_vector)]
    fun max_size_rejected() { bit_vector::new(1024); }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::bit_vector)]
    fun query_past_end() { bit_vector::new(3).is_index_set(3); }
}
