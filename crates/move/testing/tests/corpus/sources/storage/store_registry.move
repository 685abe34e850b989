module corpus::store_registry {
    use std::signer;
    use std::string::{Self, String};

    const ENAME_TAKEN: u64 = 1;

    struct Registry has key { names: vector<String>, owners: vector<address> }

    fun init(admin: &signer) { move_to(admin, Registry { names: vector[], owners: vector[] }) }

    fun register(admin: address, who: &signer, name: vector<u8>) acquires Registry {
        let r = borrow_global_mut<Registry>(admin);
        let n = string::utf8(name);
        assert!(!r.names.contains(&n), ENAME_TAKEN);
        r.names.push_back(n);
        r.owners.push_back(signer::address_of(who));
    }

    fun owner_of(admin: address, name: vector<u8>): address acquires Registry {
        let r = &Registry[admin];
        let (found, i) = r.names.index_of(&string::utf8(name));
        if (found) r.owners[i] else @0x0
    }

    #[test(admin = @0xad, a = @0xa, b = @0xb)]
    fun register_names(admin: &signer, a: &signer, b: &signer) acquires Registry {
        init(admin);
        register(@0xad, a, b"alice");
        register(@0xad, b, b"bob");
        assert!(owner_of(@0xad, b"alice") == @0xa, 1);
        assert!(owner_of(@0xad, b"bob") == @0xb, 2);
        assert!(owner_of(@0xad, b"carol") == @0x0, 3);
    }

    #[test(admin = @0xad, a = @0xa)]
    #[expected_failure(abort_code = ENAME_TAKEN, location = Self)]
    fun duplicate_name(admin: &signer, a: &signer) acquires Registry {
        init(admin);
        register(@0xad, a, b"x");
        register(@0xad, a, b"x");
    }
}
