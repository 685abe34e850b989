#[test_only]
/// Tests of `std::acl`. Abort codes: 0x10000 already contained, 0x10001 not contained
/// (`error::invalid_argument` of `ECONTAIN` / `ENOT_CONTAIN`).
module std::acl_tests {
    use std::acl;

    #[test]
    fun empty_contains_nobody() {
        let l = acl::empty();
        assert!(!acl::contains(&l, @0x1), 0);
        assert!(!acl::contains(&l, @0x0), 1);
    }

    #[test]
    fun add_then_contains() {
        let l = acl::empty();
        acl::add(&mut l, @0xA);
        acl::add(&mut l, @0xB);
        assert!(acl::contains(&l, @0xA), 0);
        assert!(acl::contains(&l, @0xB), 1);
        assert!(!acl::contains(&l, @0xC), 2);
        acl::assert_contains(&l, @0xA);
    }

    #[test]
    #[expected_failure(abort_code = 0x10000, location = std::acl)]
    fun add_twice_fails() {
        let l = acl::empty();
        acl::add(&mut l, @0xA);
        acl::add(&mut l, @0xA);
    }

    #[test]
    fun remove_then_absent() {
        let l = acl::empty();
        acl::add(&mut l, @0xA);
        acl::add(&mut l, @0xB);
        acl::add(&mut l, @0xC);
        acl::remove(&mut l, @0xB);
        assert!(!acl::contains(&l, @0xB), 0);
        assert!(acl::contains(&l, @0xA) && acl::contains(&l, @0xC), 1);
    }

    #[test]
    fun remove_then_add_again() {
        let l = acl::empty();
        acl::add(&mut l, @0xA);
        acl::remove(&mut l, @0xA);
        acl::add(&mut l, @0xA);
        assert!(acl::contains(&l, @0xA), 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::acl)]
    fun remove_absent_fails() {
        let l = acl::empty();
        acl::add(&mut l, @0xA);
        acl::remove(&mut l, @0xB);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::acl)]
    fun remove_twice_fails() {
        let l = acl::empty();
        acl::add(&mut l, @0xA);
        acl::remove(&mut l, @0xA);
        acl::remove(&mut l, @0xA);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::acl)]
    fun assert_contains_absent_fails() {
        let l = acl::empty();
        acl::assert_contains(&l, @0xA);
    }

    #[test]
    fun copies_are_independent() {
        let a = acl::empty();
        acl::add(&mut a, @0x1);
        let b = copy a;
        acl::add(&mut b, @0x2);
        assert!(!acl::contains(&a, @0x2), 0);
        assert!(acl::contains(&b, @0x1) && acl::contains(&b, @0x2), 1);
        assert!(a != b, 2);
    }

    #[test]
    fun receiver_calls() {
        let l = acl::empty();
        l.add(@0x5);
        assert!(l.contains(@0x5), 0);
        l.assert_contains(@0x5);
        l.remove(@0x5);
        assert!(!l.contains(@0x5), 1);
    }
}
