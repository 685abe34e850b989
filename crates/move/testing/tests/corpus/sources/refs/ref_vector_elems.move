module corpus::ref_vector_elems {
    use std::vector;

    fun largest_mut(v: &mut vector<u64>): &mut u64 {
        let best = 0;
        let i = 1;
        while (i < v.length()) {
            if (v[i] > v[best]) best = i;
            i = i + 1;
        };
        vector::borrow_mut(v, best)
    }

    #[test]
    fun returned_mut_ref_to_element() {
        let v = vector[3, 9, 4];
        *largest_mut(&mut v) = 0;
        assert!(v == vector[3, 0, 4], 1);
        *largest_mut(&mut v) = 1;
        assert!(v == vector[3, 0, 1], 2);
    }

    #[test]
    fun ref_to_nested_vector() {
        let m = vector[vector[1, 2], vector[3, 4]];
        let row = vector::borrow_mut(&mut m, 1);
        vector::push_back(row, 5);
        let e = vector::borrow_mut(row, 0);
        *e = 30;
        assert!(m == vector[vector[1, 2], vector[30, 4, 5]], 1);
    }
}
