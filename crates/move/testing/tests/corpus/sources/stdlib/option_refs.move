module corpus::option_refs {
    use std::option;

    #[test]
    fun borrow_variants() {
        let o = option::some(vector[1, 2]);
        o.borrow_mut().push_back(3);
        assert!(o.borrow().length() == 3, 1);
        let none = option::none<vector<u64>>();
        let d = vector[9];
        assert!(*none.borrow_with_default(&d) == vector[9], 2);
        assert!(*o.borrow_with_default(&d) == vector[1, 2, 3], 3);
    }

    #[test]
    fun option_of_struct_in_vector() {
        let v = vector[option::none<u64>(), option::some(5), option::none()];
        let somes = 0;
        v.for_each_ref(|o| if (o.is_some()) somes = somes + 1);
        assert!(somes == 1, 1);
        v[0].fill(1);
        assert!(v[0].destroy_some() == 1, 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun borrow_none() {
        let o = option::none<u8>();
        let _ = *o.borrow();
    }

    #[test]
    #[expected_failure(abort_code = 0x40000, location = std::option)]
    fun destroy_none_on_some() {
        option::some(1).destroy_none();
    }
}
