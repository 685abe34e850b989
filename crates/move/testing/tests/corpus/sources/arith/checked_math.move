module corpus::checked_math {
    use std::option::{Self, Option};

    fun checked_add(a: u64, b: u64): Option<u64> {
        if (a > 18446744073709551615 - b) option::none() else option::some(a + b)
    }
    fun checked_mul(a: u64, b: u64): Option<u64> {
        if (a == 0 || b == 0) return option::some(0);
        if (a > 18446744073709551615 / b) option::none() else option::some(a * b)
    }
    fun checked_sub(a: u64, b: u64): Option<u64> {
        if (a < b) option::none() else option::some(a - b)
    }

    #[test]
    fun checks() {
        assert!(checked_add(1, 2) == option::some(3), 1);
        assert!(checked_add(18446744073709551615, 1).is_none(), 2);
        assert!(checked_mul(4294967296, 4294967295) == option::some(18446744069414584320), 3);
        assert!(checked_mul(4294967296, 4294967296).is_none(), 4);
        assert!(checked_mul(0, 18446744073709551615) == option::some(0), 5);
        assert!(checked_sub(0, 1).is_none() && checked_sub(9, 9) == option::some(0), 6);
    }
}
