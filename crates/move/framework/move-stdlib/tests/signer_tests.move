#[test_only]
/// Tests of `std::signer`, with signers supplied by the test attribute.
module std::signer_tests {
    use std::signer;

    #[test(account = @0x42)]
    fun address_of_named_signer(account: signer) {
        assert!(signer::address_of(&account) == @0x42, 0);
    }

    #[test(account = @std)]
    fun address_of_framework_signer(account: signer) {
        assert!(signer::address_of(&account) == @0x1, 0);
    }

    #[test(a = @0xA, b = @0xB)]
    fun two_signers_are_distinct(a: signer, b: signer) {
        assert!(signer::address_of(&a) == @0xA, 0);
        assert!(signer::address_of(&b) == @0xB, 1);
        assert!(signer::address_of(&a) != signer::address_of(&b), 2);
    }

    #[test(account = @0xCAFE)]
    fun borrow_address_agrees(account: signer) {
        let r = signer::borrow_address(&account);
        assert!(*r == @0xCAFE, 0);
        assert!(*r == signer::address_of(&account), 1);
    }

    #[test(account = @0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF)]
    fun full_width_address(account: signer) {
        assert!(signer::address_of(&account) == @0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, 0);
    }
}
