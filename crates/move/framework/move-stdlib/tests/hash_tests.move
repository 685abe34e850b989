#[test_only]
/// Known-answer tests of `std::hash` (values from the FIPS 180-4 / FIPS 202 definitions).
module std::hash_tests {
    use std::hash;
    use std::vector;

    #[test]
    fun sha2_256_empty() {
        assert!(hash::sha2_256(vector[]) == x"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0);
    }

    #[test]
    fun sha2_256_abc() {
        assert!(hash::sha2_256(b"abc") == x"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 0);
    }

    #[test]
    fun sha2_256_two_blocks() {
        let input = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert!(hash::sha2_256(input) == x"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", 0);
    }

    #[test]
    fun sha3_256_empty() {
        assert!(hash::sha3_256(vector[]) == x"a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", 0);
    }

    #[test]
    fun sha3_256_abc() {
        assert!(hash::sha3_256(b"abc") == x"3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", 0);
    }

    #[test]
    fun sha3_256_two_blocks() {
        let input = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert!(hash::sha3_256(input) == x"41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376", 0);
    }

    #[test]
    fun digests_are_32_bytes_and_differ() {
        let a = hash::sha2_256(b"Lumio");
        let b = hash::sha3_256(b"Lumio");
        assert!(vector::length(&a) == 32 && vector::length(&b) == 32, 0);
        assert!(a != b, 1);
        assert!(a == x"ffb5099a2876efd36f72353c53d5bbcc489d4fd74e9334a7e7330d1aa7c13bb5", 2);
        assert!(b == x"a063f0ab333843c8f78a45da1b83d36a632f6d8e8d700dab6dd40ea48d0e9ec6", 3);
    }

    #[test]
    fun one_byte_change_changes_digest() {
        assert!(hash::sha2_256(b"Lumio") != hash::sha2_256(b"lumio"), 0);
        assert!(hash::sha3_256(b"Lumio") != hash::sha3_256(b"lumio"), 1);
    }
}
