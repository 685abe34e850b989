// Signature natives, reached by declaring `0x1::ed25519`, `0x1::multi_ed25519` and
// `0x1::secp256k1` here with only the natives the VM binds. Ed25519: RFC 8032 section 7.1
// tests 1-3 verify; a wrong message, a flipped signature bit, a key of the wrong length and
// a small-order key fail. MultiEd25519: a 2-of-3 key over the RFC 8032 keys signing one
// message with keys 0 and 2 (signatures from an independent implementation), the threshold
// and the bitmap. secp256k1: recovery of a key from a low-s signature (vector produced and
// checked with an independent implementation), a wrong recovery id, a bad-length message
// (abort 0x10001).
//# publish
module 0x1::ed25519 {
    native public fun public_key_validate_internal(bytes: vector<u8>): bool;
    native public fun signature_verify_strict_internal(signature: vector<u8>, public_key: vector<u8>, message: vector<u8>): bool;
}

//# publish
module 0x1::multi_ed25519 {
    native public fun public_key_validate_v2_internal(bytes: vector<u8>): bool;
    native public fun signature_verify_strict_internal(multisignature: vector<u8>, public_key: vector<u8>, message: vector<u8>): bool;
}

//# publish
module 0x1::secp256k1 {
    native public fun ecdsa_recover_internal(message: vector<u8>, recovery_id: u8, signature: vector<u8>): (vector<u8>, bool);
}

//# publish
module 0x42::sigs {
    use 0x1::ed25519;
    use 0x1::multi_ed25519;
    use 0x1::secp256k1;

    const PK1: vector<u8> = x"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const SIG1: vector<u8> = x"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    const PK2: vector<u8> = x"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    const SIG2: vector<u8> = x"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
    const PK3: vector<u8> = x"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025";
    const SIG3: vector<u8> = x"6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a";
    // "lumio golden 2-of-3" signed by the RFC 8032 keys of tests 1 and 3.
    const MSG: vector<u8> = b"lumio golden 2-of-3";
    const MSIG_A: vector<u8> = x"0ae1c2a7bbad2f5b88b91cc0579059046c7e262a48d3d5606c8e4b1b27e9af265c286c4c1960cd9f7794365434867e448a37226b3ad95867e64e6c973e17f20d";
    const MSIG_C: vector<u8> = x"46ab83214675e585ef3c6d689e787426f60bdb0437b6ccc5aca40219a690687f1725bbf5e109ee14abb1839a09361ae9b6c0aceb7dfbc11d171d3dcdfd269f07";

    public fun ed25519_rfc8032(): (bool, bool, bool) {
        let a = ed25519::signature_verify_strict_internal(SIG1, PK1, b"");
        let b = ed25519::signature_verify_strict_internal(SIG2, PK2, x"72");
        let c = ed25519::signature_verify_strict_internal(SIG3, PK3, x"af82");
        assert!(a && b && c, 1);
        (a, b, c)
    }
    public fun ed25519_rejects(): (bool, bool, bool, bool, bool, bool) {
        let flipped = SIG1;
        *flipped.borrow_mut(10) = *flipped.borrow(10) ^ 1;
        // The identity point (small order) as a key.
        let small = x"0100000000000000000000000000000000000000000000000000000000000000";
        (
            ed25519::signature_verify_strict_internal(SIG1, PK1, b"x"),
            ed25519::signature_verify_strict_internal(flipped, PK1, b""),
            ed25519::signature_verify_strict_internal(SIG1, PK2, b""),
            ed25519::public_key_validate_internal(PK1),
            ed25519::public_key_validate_internal(x"d75a98"),
            ed25519::public_key_validate_internal(small),
        )
    }
    fun multi_key(threshold: u8): vector<u8> {
        let k = PK1;
        k.append(PK2);
        k.append(PK3);
        k.push_back(threshold);
        k
    }
    public fun multi(threshold: u8, bitmap: vector<u8>): (bool, bool) {
        let sig = MSIG_A;
        sig.append(MSIG_C);
        sig.append(bitmap);
        (
            multi_ed25519::public_key_validate_v2_internal(multi_key(threshold)),
            multi_ed25519::signature_verify_strict_internal(sig, multi_key(threshold), MSG),
        )
    }
    public fun recover(id: u8): (vector<u8>, bool) {
        secp256k1::ecdsa_recover_internal(
            x"0bbeb4ea6108c1c4750088f39763eb8bd99b5a667f91c990de3380fb993be4f0",
            id,
            x"c9417e9b7fbf29724382bf8192e64b2d12725e86cecece82afc9b9e43596c4622d0a3070c1eaf9c0649caddc9a8dbc6c79403bea5fe86420fa61f1b15d7f5083",
        )
    }
    public fun recover_known(): vector<u8> {
        let (pk, ok) = recover(1);
        assert!(ok, 2);
        assert!(pk == x"9282d7aed167c71577d7d12792ff5dd6507647bdcdf6bf4c0b477a3f91b5ec86265faab34cbb95b32058bdf22e682387cd62259923a8f6c3e5a63d8123a99cf2", 3);
        pk
    }
    public fun recover_short_message(): (vector<u8>, bool) {
        secp256k1::ecdsa_recover_internal(x"0bbe", 0, x"00")
    }
}

//# call 0x42::sigs::ed25519_rfc8032

//# call 0x42::sigs::ed25519_rejects

//# call 0x42::sigs::multi --args 2u8 x"a0000000"

//# call 0x42::sigs::multi --args 3u8 x"a0000000"

//# call 0x42::sigs::multi --args 2u8 x"c0000000"

//# call 0x42::sigs::multi --args 4u8 x"a0000000"

//# call 0x42::sigs::recover_known

//# call 0x42::sigs::recover --args 0u8

//# call 0x42::sigs::recover --args 4u8

//# call 0x42::sigs::recover_short_message
