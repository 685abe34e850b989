module corpus::inline_abort {
    const EBAD: u64 = 42;

    inline fun require(c: bool) { assert!(c, EBAD) }

    inline fun checked_get(v: &vector<u64>, i: u64): u64 {
        require(i < v.length());
        v[i]
    }

    #[test]
    fun ok_path() { assert!(checked_get(&vector[7, 8], 1) == 8, 1) }

    #[test]
    #[expected_failure(abort_code = EBAD, location = Self)]
    fun abort_inside_inline_is_located_in_caller() { checked_get(&vector[7], 5); }
}
