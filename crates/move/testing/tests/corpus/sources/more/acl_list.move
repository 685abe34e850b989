module corpus::acl_list {
    use std::acl;

    #[test]
    fun add_remove_contains() {
        let l = acl::empty();
        l.add(@0x1);
        l.add(@0x2);
        assert!(l.contains(@0x1) && l.contains(@0x2) && !l.contains(@0x3), 1);
        l.remove(@0x1);
        assert!(!l.contains(@0x1), 2);
        l.assert_contains(@0x2);
    }

    #[test]
    #[expected_failure(abort_code = 0x10000, location = std::acl)]
    fun add_twice() {
        let l = acl::empty();
        l.add(@0x5);
        l.add(@0x5);
    }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::acl)]
    fun remove_missing() {
        let l = acl::empty();
        l.remove(@0x5);
    }
}
