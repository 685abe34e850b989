#[test_only]
#[lint::skip(needless_mutable_reference)]
module 0x1::attrs {
    use std::signer;

    #[event]
    struct Deposited has drop, store { amount: u64 }

    #[resource_group(scope = global)]
    struct Group {}

    #[resource_group_member(group = 0x1::attrs::Group)]
    struct Member has key { v: u64 }

    #[deprecated]
    const OLD: u64 = 1;

    #[view]
    public fun balance(a: address): u64 acquires Member { borrow_global<Member>(a).v }

    #[test]
    fun plain() {}

    #[test(account = @0x1)]
    fun with_signer(account: signer) { let _ = signer::address_of(&account); }

    #[test(a = @0xA, b = @lumio, framework = @aptos_framework)]
    fun with_signers(a: &signer, b: &signer, framework: &signer) { let _ = a; let _ = b; let _ = framework; }

    #[test]
    #[expected_failure]
    fun fails() { abort 0 }

    #[test, expected_failure(abort_code = 1, location = Self)]
    fun fails_here() { abort 1 }

    #[test]
    #[expected_failure(abort_code = 0x10001, location = std::option)]
    fun fails_elsewhere() { abort 0x10001 }

    #[test]
    #[expected_failure(abort_code = std::error::E_INVALID, location = 0x1::attrs)]
    fun fails_by_name() {}

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun overflows() { let _ = 255u8 + 1; }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun out_of_bounds() {}

    #[randomness(max_gas = 10000)]
    entry fun roll() {}

    #[lint::skip(while_true, needless_ref_deref)]
    #[legacy_entry_fun]
    entry fun odd() {}

    #[persistent]
    fun kept() {}

    #[verify_only, test_only]
    fun ghost() {}

    #[cmd(desc = b"a byte string", flag = true, n = 3u8)]
    fun values() {}
}
