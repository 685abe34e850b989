module corpus::signer_checks {
    use std::signer;

    const ENOT_OWNER: u64 = 77;

    struct Owned has key { owner: address, value: u64 }

    fun create(s: &signer, value: u64) { move_to(s, Owned { owner: signer::address_of(s), value }) }

    fun set_value(s: &signer, at: address, value: u64) acquires Owned {
        let o = borrow_global_mut<Owned>(at);
        assert!(o.owner == signer::address_of(s), ENOT_OWNER);
        o.value = value;
    }

    #[test(owner = @0x71)]
    fun owner_can_update(owner: &signer) acquires Owned {
        create(owner, 1);
        set_value(owner, @0x71, 2);
        assert!(Owned[@0x71].value == 2, 1);
    }

    #[test(owner = @0x71, other = @0x72)]
    #[expected_failure(abort_code = ENOT_OWNER, location = Self)]
    fun stranger_cannot(owner: &signer, other: &signer) acquires Owned {
        create(owner, 1);
        set_value(other, @0x71, 2);
    }
}
