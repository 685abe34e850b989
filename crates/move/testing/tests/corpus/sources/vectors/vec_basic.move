module corpus::vec_basic {
    use std::vector;

    #[test]
    fun push_pop_length() {
        let v = vector::empty<u64>();
        assert!(vector::is_empty(&v), 1);
        vector::push_back(&mut v, 10);
        vector::push_back(&mut v, 20);
        vector::push_back(&mut v, 30);
        assert!(vector::length(&v) == 3, 2);
        assert!(vector::pop_back(&mut v) == 30, 3);
        assert!(*vector::borrow(&v, 1) == 20, 4);
        assert!(v == vector[10, 20], 5);
    }

    #[test]
    fun borrow_mut_and_swap() {
        let v = vector[1, 2, 3, 4];
        *vector::borrow_mut(&mut v, 0) = 100;
        vector::swap(&mut v, 1, 3);
        assert!(v == vector[100, 4, 3, 2], 1);
    }

    #[test]
    fun destroy_empty_ok() {
        let v = vector[7u8];
        let _ = vector::pop_back(&mut v);
        vector::destroy_empty(v);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun borrow_out_of_bounds() {
        let v = vector[1, 2, 3];
        let _ = *vector::borrow(&v, 3);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 2, location = Self)]
    fun pop_empty() {
        let v = vector::empty<u8>();
        vector::pop_back(&mut v);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 3, location = Self)]
    fun destroy_non_empty() {
        vector::destroy_empty(vector[1u64]);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun swap_out_of_bounds() {
        let v = vector[1, 2];
        vector::swap(&mut v, 0, 2);
    }
}
