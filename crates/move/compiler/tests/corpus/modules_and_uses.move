// Module forms, `use` in every shape, friends.
address 0x42 {
module coins {
    public fun one(): u64 { 1 }
}

#[test_only]
module coins_tests {
    use 0x42::coins;

    #[test]
    fun t() { assert!(coins::one() == 1, 0); }
}

spec coins {
    spec one { ensures result == 1; }
}
}

address lumio {
module named_in_block {}
}

module 0xCAFE::accounts {
    use std::vector;
    use std::option::{Self, Option};
    use std::string::{String, utf8 as to_string};
    use 0x1::signer as sig;
    use aptos_std::table::Table;
    use aptos_framework::event::emit;
    #[test_only]
    use std::debug;

    friend 0xCAFE::registry;
    friend lumio::admin;
    #[test_only]
    friend lumio::accounts_tests;

    struct Book has key { names: vector<String>, by_id: Table<u64, String>, best: Option<u64> }

    fun names(owner: &signer): vector<String> {
        use std::vector::length;
        let v = vector::empty<String>();
        if (length(&v) == 0) vector::push_back(&mut v, to_string(b"none"));
        let _ = sig::address_of(owner);
        let _ = option::none<u64>();
        emit(0u8);
        v
    }

    #[test_only]
    fun show() { debug::print(&1u8) }
}

module lumio::empty {}
