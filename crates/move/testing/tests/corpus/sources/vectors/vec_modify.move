module corpus::vec_modify {
    use std::vector;

    #[test]
    fun insert_and_remove() {
        let v = vector[1, 2, 4];
        v.insert(2, 3);
        assert!(v == vector[1, 2, 3, 4], 1);
        v.insert(4, 5);
        assert!(v == vector[1, 2, 3, 4, 5], 2);
        assert!(v.remove(0) == 1, 3);
        assert!(v == vector[2, 3, 4, 5], 4);
    }

    #[test]
    fun swap_remove_and_replace() {
        let v = vector[10, 20, 30, 40];
        assert!(v.swap_remove(1) == 20, 1);
        assert!(v == vector[10, 40, 30], 2);
        assert!(v.replace(0, 11) == 10, 3);
        assert!(v == vector[11, 40, 30], 4);
    }

    #[test]
    fun remove_value_first_only() {
        let v = vector[1, 2, 1, 3];
        let removed = v.remove_value(&1);
        assert!(removed == vector[1], 1);
        assert!(v == vector[2, 1, 3], 2);
        let nothing = v.remove_value(&9);
        assert!(nothing.is_empty(), 3);
    }

    #[test]
    fun append_and_trim() {
        let v = vector[1, 2];
        v.append(vector[3, 4, 5]);
        assert!(v == vector[1, 2, 3, 4, 5], 1);
        let tail = v.trim(2);
        assert!(v == vector[1, 2] && tail == vector[3, 4, 5], 2);
        let w = vector[1, 2, 3, 4];
        let t = w.trim_reverse(1);
        assert!(w == vector[1] && t == vector[4, 3, 2], 3);
        let x = vector[1];
        x.reverse_append(vector[2, 3]);
        assert!(x == vector[1, 3, 2], 4);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun remove_out_of_range() {
        let v = vector[1, 2];
        vector::remove(&mut v, 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun insert_past_end() {
        let v = vector[1, 2];
        v.insert(3, 9);
    }
}
