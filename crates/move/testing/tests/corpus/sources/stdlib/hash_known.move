module corpus::hash_known {
    use std::hash;

    #[test]
    fun sha2_256_vectors() {
        assert!(hash::sha2_256(b"") == x"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 1);
        assert!(hash::sha2_256(b"abc") == x"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 2);
    }

    #[test]
    fun sha3_256_vectors() {
        assert!(hash::sha3_256(b"") == x"a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", 1);
        assert!(hash::sha3_256(b"abc") == x"3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", 2);
    }

    #[test]
    fun lengths_and_difference() {
        let a = hash::sha2_256(b"a");
        let b = hash::sha3_256(b"a");
        assert!(a.length() == 32 && b.length() == 32, 1);
        assert!(a != b, 2);
        assert!(hash::sha2_256(b"a") == a, 3);
    }
}
