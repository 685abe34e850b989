module corpus::hash_long {
    use std::hash;

    #[test]
    fun two_block_message() {
        let m = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert!(m.length() == 56, 1);
        assert!(hash::sha2_256(m) == x"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", 2);
        assert!(hash::sha3_256(m) == x"41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376", 3);
    }

    #[test]
    fun hash_of_hash_differs() {
        let h = hash::sha2_256(b"abc");
        let hh = hash::sha2_256(h);
        assert!(hh != h && hh.length() == 32, 1);
    }
}
