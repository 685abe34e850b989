module corpus::vec_zip {
    #[test]
    fun zip_dot_product() {
        let s = 0;
        vector[1, 2, 3].zip(vector[4, 5, 6], |a, b| s = s + a * b);
        assert!(s == 32, 1);
    }

    #[test]
    fun zip_reverse_order() {
        let out = vector[];
        vector[1, 2].zip_reverse(vector[10, 20], |a, b| out.push_back(a + b));
        assert!(out == vector[22, 11], 1);
    }

    #[test]
    fun zip_map_and_ref() {
        let a = vector[1, 2, 3];
        let b = vector[10, 20, 30];
        let sums = a.zip_map_ref(&b, |x, y| *x + *y);
        assert!(sums == vector[11, 22, 33], 1);
        let diffs = b.zip_map(a, |y, x| y - x);
        assert!(diffs == vector[9, 18, 27], 2);
    }

    #[test]
    fun zip_mut_adds_in_place() {
        let a = vector[1, 1];
        let b = vector[5, 7];
        a.zip_mut(&mut b, |x, y| { *x = *x + *y; *y = 0 });
        assert!(a == vector[6, 8] && b == vector[0, 0], 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_length_mismatch() {
        vector[1, 2].zip(vector[1], |_a, _b| ());
    }
}
