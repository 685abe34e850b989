#[test_only]
/// Tests of `std::bit_vector`. Abort codes: 0x20000 `EINDEX`, 0x20001 `ELENGTH`.
module std::bit_vector_tests {
    use std::bit_vector::{Self, BitVector};

    /// A vector of `n` bits where bit `i` is set exactly when `i % k == 0`.
    fun every_kth(n: u64, k: u64): BitVector {
        let bv = bit_vector::new(n);
        let i = 0;
        while (i < n) {
            if (i % k == 0) bit_vector::set(&mut bv, i);
            i = i + 1;
        };
        bv
    }

    fun count_set(bv: &BitVector): u64 {
        let n = bit_vector::length(bv);
        let c = 0;
        let i = 0;
        while (i < n) {
            if (bit_vector::is_index_set(bv, i)) c = c + 1;
            i = i + 1;
        };
        c
    }

    #[test]
    fun new_is_all_clear() {
        let bv = bit_vector::new(100);
        assert!(bit_vector::length(&bv) == 100, 0);
        assert!(count_set(&bv) == 0, 1);
    }

    #[test]
    fun new_smallest_and_largest() {
        assert!(bit_vector::length(&bit_vector::new(1)) == 1, 0);
        assert!(bit_vector::length(&bit_vector::new(1023)) == 1023, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::bit_vector)]
    fun new_zero_fails() {
        bit_vector::new(0);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::bit_vector)]
    fun new_max_size_fails() {
        bit_vector::new(1024);
    }

    #[test]
    fun set_and_unset_each_bit() {
        let n = 70;
        let bv = bit_vector::new(n);
        let i = 0;
        while (i < n) {
            bit_vector::set(&mut bv, i);
            assert!(bit_vector::is_index_set(&bv, i), i);
            assert!(count_set(&bv) == 1, 100 + i);
            bit_vector::unset(&mut bv, i);
            assert!(!bit_vector::is_index_set(&bv, i), 200 + i);
            i = i + 1;
        };
    }

    #[test]
    fun set_is_idempotent() {
        let bv = bit_vector::new(8);
        bit_vector::set(&mut bv, 3);
        bit_vector::set(&mut bv, 3);
        assert!(count_set(&bv) == 1, 0);
        bit_vector::unset(&mut bv, 4);
        assert!(count_set(&bv) == 1, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::bit_vector)]
    fun set_out_of_range_fails() {
        let bv = bit_vector::new(8);
        bit_vector::set(&mut bv, 8);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::bit_vector)]
    fun unset_out_of_range_fails() {
        let bv = bit_vector::new(8);
        bit_vector::unset(&mut bv, 100);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::bit_vector)]
    fun is_index_set_out_of_range_fails() {
        let bv = bit_vector::new(1);
        bit_vector::is_index_set(&bv, 1);
    }

    #[test]
    fun shift_left_moves_bits_down() {
        let bv = bit_vector::new(10);
        bit_vector::set(&mut bv, 3);
        bit_vector::set(&mut bv, 9);
        bit_vector::shift_left(&mut bv, 2);
        assert!(bit_vector::is_index_set(&bv, 1), 0);
        assert!(bit_vector::is_index_set(&bv, 7), 1);
        assert!(count_set(&bv) == 2, 2);
        assert!(bit_vector::length(&bv) == 10, 3);
    }

    #[test]
    fun shift_left_drops_low_bits_and_clears_tail() {
        let bv = every_kth(12, 1);
        bit_vector::shift_left(&mut bv, 5);
        let i = 0;
        while (i < 12) {
            assert!(bit_vector::is_index_set(&bv, i) == (i < 7), i);
            i = i + 1;
        };
    }

    #[test]
    fun shift_left_by_zero_keeps_bits() {
        let bv = every_kth(20, 3);
        let before = copy bv;
        bit_vector::shift_left(&mut bv, 0);
        assert!(bv == before, 0);
    }

    #[test]
    fun shift_left_by_length_or_more_clears() {
        let a = every_kth(16, 2);
        bit_vector::shift_left(&mut a, 16);
        assert!(count_set(&a) == 0, 0);
        let b = every_kth(16, 2);
        bit_vector::shift_left(&mut b, 1000);
        assert!(count_set(&b) == 0, 1);
    }

    #[test]
    fun shift_left_one_at_a_time() {
        // Shifting k times by one is shifting once by k.
        let a = every_kth(50, 7);
        let b = copy a;
        let k = 0;
        while (k < 9) {
            bit_vector::shift_left(&mut a, 1);
            k = k + 1;
        };
        bit_vector::shift_left(&mut b, 9);
        assert!(a == b, 0);
    }

    #[test]
    fun shift_left_by_length_minus_one() {
        let bv = bit_vector::new(5);
        bit_vector::set(&mut bv, 4);
        bit_vector::shift_left(&mut bv, 4);
        assert!(bit_vector::is_index_set(&bv, 0), 0);
        assert!(count_set(&bv) == 1, 1);
    }

    #[test]
    fun longest_set_sequence_counts_run() {
        let bv = bit_vector::new(16);
        bit_vector::set(&mut bv, 2);
        bit_vector::set(&mut bv, 3);
        bit_vector::set(&mut bv, 4);
        bit_vector::set(&mut bv, 6);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 2) == 3, 0);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 3) == 2, 1);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 5) == 0, 2);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 6) == 1, 3);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 0) == 0, 4);
    }

    #[test]
    fun longest_set_sequence_to_the_end() {
        let bv = every_kth(9, 1);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 0) == 9, 0);
        assert!(bit_vector::longest_set_sequence_starting_at(&bv, 8) == 1, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::bit_vector)]
    fun longest_set_sequence_out_of_range_fails() {
        let bv = bit_vector::new(4);
        bit_vector::longest_set_sequence_starting_at(&bv, 4);
    }

    #[test]
    fun word_size_is_one() {
        assert!(bit_vector::word_size() == 1, 0);
    }

    #[test]
    fun receiver_calls() {
        let bv = bit_vector::new(4);
        bv.set(1);
        assert!(bv.is_index_set(1), 0);
        bv.shift_left(1);
        assert!(bv.is_index_set(0) && !bv.is_index_set(1), 1);
        bv.unset(0);
        assert!(bv.length() == 4, 2);
        assert!(bv.longest_set_sequence_starting_at(0) == 0, 3);
    }
}
