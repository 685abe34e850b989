/// Access control lists: a set of addresses, kept as a vector without duplicates.
///
/// A module that guards an operation stores an `ACL` in one of its resources and calls
/// `assert_contains` with the caller's address.
module std::acl {
    use std::vector;
    use std::error;

    /// `add` was given an address that is already in the list.
    const ECONTAIN: u64 = 0;
    /// The address is not in the list (`remove`, `assert_contains`).
    const ENOT_CONTAIN: u64 = 1;

    /// The addresses allowed by this list, each once.
    struct ACL has store, drop, copy {
        list: vector<address>
    }

    /// An ACL that allows nobody.
    public fun empty(): ACL {
        ACL { list: vector::empty<address>() }
    }

    /// Adds `addr`; aborts with `invalid_argument(ECONTAIN)` when it is already there.
    public fun add(self: &mut ACL, addr: address) {
        assert!(!vector::contains(&self.list, &addr), error::invalid_argument(ECONTAIN));
        vector::push_back(&mut self.list, addr);
    }

    /// Removes `addr`; aborts with `invalid_argument(ENOT_CONTAIN)` when it is not there.
    public fun remove(self: &mut ACL, addr: address) {
        let (found, at) = vector::index_of(&self.list, &addr);
        assert!(found, error::invalid_argument(ENOT_CONTAIN));
        vector::remove(&mut self.list, at);
    }

    /// Whether `addr` is in the list.
    public fun contains(self: &ACL, addr: address): bool {
        vector::contains(&self.list, &addr)
    }

    /// Aborts with `invalid_argument(ENOT_CONTAIN)` unless `addr` is in the list.
    public fun assert_contains(self: &ACL, addr: address) {
        if (!contains(self, addr)) {
            abort error::invalid_argument(ENOT_CONTAIN)
        }
    }
}
