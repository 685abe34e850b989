/// A package whose tests partly fail on purpose: it checks `lumio move test`'s report and exit
/// status (tests/e2e/test/07-move-test.test.js).
module mixed::counter {
    use std::signer;

    const ENOT_POSITIVE: u64 = 7;

    struct Counter has key { n: u64 }

    public fun publish(account: &signer, n: u64) {
        assert!(n > 0, ENOT_POSITIVE);
        move_to(account, Counter { n });
    }

    public fun get(addr: address): u64 acquires Counter {
        Counter[addr].n
    }

    #[test(a = @0xa11ce)]
    fun publishes(a: &signer) acquires Counter {
        publish(a, 3);
        assert!(get(signer::address_of(a)) == 3, 0);
    }

    #[test(a = @0xa11ce)]
    #[expected_failure(abort_code = ENOT_POSITIVE, location = Self)]
    fun zero_is_refused(a: &signer) {
        publish(a, 0);
    }

    #[test]
    fun fails_on_purpose() {
        assert!(1 + 1 == 3, 42);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun overflow_expected() {
        let x: u8 = 255;
        x = x + 1;
        let _ = x;
    }
}
