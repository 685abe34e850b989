module corpus::module_constants_codes {
    use std::error;

    const ENOT_FOUND: u64 = 1;
    const EEXPIRED: u64 = 2;
    const LIMITS: vector<u64> = vector[10, 100, 1000];

    fun tier(x: u64): u64 {
        let i = 0;
        while (i < LIMITS.length()) {
            if (x < LIMITS[i]) return i;
            i = i + 1;
        };
        abort error::out_of_range(ENOT_FOUND)
    }

    fun check_expiry(now: u64, deadline: u64) {
        assert!(now <= deadline, error::invalid_state(EEXPIRED));
    }

    #[test]
    fun tiers() {
        assert!(tier(0) == 0 && tier(10) == 1 && tier(999) == 2, 1);
        check_expiry(5, 5);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = Self)]
    fun out_of_tiers() { tier(1000); }

    #[test]
    #[expected_failure(abort_code = 0x30002, location = Self)]
    fun expired() { check_expiry(6, 5); }
}
