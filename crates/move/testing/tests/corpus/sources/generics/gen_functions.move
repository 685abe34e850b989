module corpus::gen_functions {
    fun id<T>(x: T): T { x }
    fun first<A, B: drop>(a: A, _b: B): A { a }
    fun repeat<T: copy + drop>(x: T, n: u64): vector<T> {
        let v = vector[];
        while (n > 0) { v.push_back(x); n = n - 1; };
        v
    }

    #[test]
    fun identity_of_many_types() {
        assert!(id(5u8) == 5, 1);
        assert!(id(true), 2);
        assert!(id(@0x3) == @0x3, 3);
        assert!(id(vector[1, 2]) == vector[1, 2], 4);
        assert!(id<u256>(1) == 1, 5);
    }

    #[test]
    fun explicit_and_inferred() {
        assert!(first<u64, bool>(9, false) == 9, 1);
        assert!(first(b"a", 1u128) == b"a", 2);
        assert!(repeat(7u16, 3) == vector[7, 7, 7], 3);
        assert!(repeat<bool>(true, 0) == vector[], 4);
    }
}
