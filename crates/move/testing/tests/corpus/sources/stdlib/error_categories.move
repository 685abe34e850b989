module corpus::error_categories {
    use std::error;

    fun category(code: u64): u64 { code >> 16 }
    fun reason(code: u64): u64 { code & 0xffff }

    #[test]
    fun packs_and_unpacks() {
        let cases = vector[
            error::invalid_argument(1), error::out_of_range(2), error::invalid_state(3),
            error::unauthenticated(4), error::permission_denied(5), error::not_found(6),
            error::aborted(7), error::already_exists(8), error::resource_exhausted(9),
            error::internal(11), error::not_implemented(12), error::unavailable(13),
        ];
        let expected_categories = vector[1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13];
        let i = 0;
        while (i < cases.length()) {
            assert!(category(cases[i]) == expected_categories[i], i);
            assert!(reason(cases[i]) == expected_categories[i], 100 + i);
            i = i + 1;
        };
    }
}
