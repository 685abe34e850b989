module corpus::access_control {
    use std::signer;
    use std::error;

    const ENOT_ADMIN: u64 = 1;
    const EALREADY_MEMBER: u64 = 2;

    struct Admin has key { members: vector<address> }

    fun init(admin: &signer) { move_to(admin, Admin { members: vector[] }) }

    fun add_member(admin: &signer, who: address) acquires Admin {
        let a = signer::address_of(admin);
        assert!(exists<Admin>(a), error::permission_denied(ENOT_ADMIN));
        let m = &mut Admin[a].members;
        assert!(!m.contains(&who), error::already_exists(EALREADY_MEMBER));
        m.push_back(who);
    }

    fun is_member(admin: address, who: address): bool acquires Admin {
        exists<Admin>(admin) && Admin[admin].members.contains(&who)
    }

    #[test(admin = @0xad, u = @0x5)]
    fun admin_adds_members(admin: &signer, u: &signer) acquires Admin {
        init(admin);
        add_member(admin, signer::address_of(u));
        assert!(is_member(@0xad, @0x5) && !is_member(@0xad, @0x6), 1);
        assert!(!is_member(@0x5, @0x5), 2);
    }

    #[test(admin = @0xad, u = @0x5)]
    #[expected_failure(abort_code = 0x50001, location = Self)]
    fun non_admin_rejected(admin: &signer, u: &signer) acquires Admin {
        init(admin);
        add_member(u, @0x6);
    }

    #[test(admin = @0xad)]
    #[expected_failure(abort_code = 0x80002, location = Self)]
    fun duplicate_member(admin: &signer) acquires Admin {
        init(admin);
        add_member(admin, @0x6);
        add_member(admin, @0x6);
    }
}
