module corpus::status_codes {
    // Aptos's runtime status numbers, named by major_status.
    struct R has key { v: u64 }

    fun div(a: u64, b: u64): u64 { a / b }

    #[test]
    #[expected_failure(major_status = 4017, location = Self)]
    fun arithmetic_error_is_4017() { div(1, 0); }

    #[test]
    #[expected_failure(major_status = 4018, minor_status = 1, location = Self)]
    fun vector_index_error_is_4018_1() { let v = vector[1]; v.swap(0, 1); }

    #[test]
    #[expected_failure(major_status = 4018, minor_status = 2, location = Self)]
    fun vector_pop_error_is_4018_2() { let v = vector<u8>[]; v.pop_back(); }

    #[test]
    #[expected_failure(major_status = 4018, minor_status = 3, location = Self)]
    fun vector_destroy_error_is_4018_3() { std::vector::destroy_empty(vector[1u8]); }

    #[test]
    #[expected_failure(major_status = 4008, location = Self)]
    fun missing_data_is_4008() acquires R { let R { v: _ } = move_from<R>(@0x1); }

    #[test(s = @0x1)]
    #[expected_failure(major_status = 4004, location = Self)]
    fun already_exists_is_4004(s: &signer) {
        move_to(s, R { v: 1 });
        move_to(s, R { v: 2 });
    }

    #[test]
    #[expected_failure(major_status = 4016, location = Self)]
    fun abort_is_4016() { abort 12 }

    #[test]
    #[expected_failure(major_status = 4002)]
    fun out_of_gas_is_4002() { loop {} }
}
