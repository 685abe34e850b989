module corpus::vec_for_each {
    use std::vector;

    #[test]
    fun for_each_sums() {
        let s = 0;
        vector::for_each(vector[1, 2, 3, 4], |x| s = s + x);
        assert!(s == 10, 1);
    }

    #[test]
    fun for_each_reverse_order() {
        let out = vector[];
        vector[1, 2, 3].for_each_reverse(|x| out.push_back(x * 10));
        assert!(out == vector[30, 20, 10], 1);
    }

    #[test]
    fun for_each_ref_keeps_vector() {
        let v = vector[5, 6, 7];
        let m = 0;
        v.for_each_ref(|x| if (*x > m) m = *x);
        assert!(m == 7 && v.length() == 3, 1);
    }

    #[test]
    fun for_each_mut_doubles() {
        let v = vector[1, 2, 3];
        v.for_each_mut(|x| *x = *x * 2);
        assert!(v == vector[2, 4, 6], 1);
    }

    #[test]
    fun enumerate_weights_positions() {
        let v = vector[10, 20, 30];
        let s = 0;
        v.enumerate_ref(|i, x| s = s + i * *x);
        assert!(s == 80, 1);
        v.enumerate_mut(|i, x| *x = *x + i);
        assert!(v == vector[10, 21, 32], 2);
    }
}
