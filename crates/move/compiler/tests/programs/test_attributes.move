module 0x42::test_attributes {
    const E_FAIL: u64 = 7;
    #[test]
    fun plain() {}
    #[test(a = @0x1, b = @0x2)]
    fun signers(a: signer, b: signer) { let _ = a; let _ = b; }
    #[test]
    #[expected_failure(abort_code = E_FAIL, location = Self)]
    fun fails() { abort E_FAIL }
    #[test]
    #[expected_failure(abort_code = NOPE)]
    fun bad_code() {}
    #[unknown_attribute]
    fun odd() {}
}
