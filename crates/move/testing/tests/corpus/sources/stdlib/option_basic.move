module corpus::option_basic {
    use std::option::{Self, Option};

    fun safe_div(a: u64, b: u64): Option<u64> {
        if (b == 0) option::none() else option::some(a / b)
    }

    #[test]
    fun some_and_none() {
        let a = safe_div(10, 3);
        assert!(a.is_some() && *a.borrow() == 3, 1);
        let b = safe_div(1, 0);
        assert!(b.is_none(), 2);
        assert!(b.get_with_default(7) == 7, 3);
        assert!(a.get_with_default(7) == 3, 4);
        assert!(a.contains(&3) && !a.contains(&4), 5);
    }

    #[test]
    fun fill_extract_swap() {
        let o = option::none<u64>();
        o.fill(5);
        assert!(o == option::some(5), 1);
        assert!(o.swap(6) == 5, 2);
        assert!(o.extract() == 6, 3);
        assert!(o.is_none(), 4);
        let old = o.swap_or_fill(8);
        assert!(old.is_none() && o.destroy_some() == 8, 5);
    }

    #[test]
    fun vec_conversions() {
        assert!(option::some(1).to_vec() == vector[1], 1);
        assert!(option::none<u8>().to_vec() == vector[], 2);
        assert!(option::from_vec(vector[4]) == option::some(4), 3);
        assert!(option::from_vec<u8>(vector[]).is_none(), 4);
        assert!(option::none<u8>().destroy_with_default(3) == 3, 5);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun extract_none() {
        let o = option::none<u64>();
        o.extract();
    }

    #[test]
    #[expected_failure(abort_code = 0x40000, location = std::option)]
    fun fill_some() {
        let o = option::some(1);
        o.fill(2);
    }

    #[test]
    #[expected_failure(abort_code = 0x40002, location = std::option)]
    fun from_long_vec() {
        option::from_vec(vector[1, 2]);
    }
}
