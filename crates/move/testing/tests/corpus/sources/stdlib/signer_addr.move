module corpus::signer_addr {
    use std::signer;

    #[test(a = @0x1, b = @0xbeef)]
    fun addresses(a: &signer, b: &signer) {
        assert!(signer::address_of(a) == @0x1, 1);
        assert!(signer::address_of(b) == @0xbeef, 2);
        assert!(*signer::borrow_address(b) == @0xbeef, 3);
        assert!(signer::address_of(a) != signer::address_of(b), 4);
    }

    #[test(s = @corpus)]
    fun named_address(s: &signer) {
        assert!(signer::address_of(s) == @corpus, 1);
        assert!(@corpus == @0xc0, 2);
    }

    #[test(a = @0xa, b = @0xb, c = @0xc)]
    fun three_signers(a: signer, b: signer, c: signer) {
        let v = vector[signer::address_of(&a), signer::address_of(&b), signer::address_of(&c)];
        assert!(v == vector[@0xa, @0xb, @0xc], 1);
    }
}
