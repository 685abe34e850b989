// MoveStdlib hashes with known answers (FIPS 180-2 / FIPS 202 examples): each function
// asserts the published digest in Move and returns it, so the output shows the bytes too.
//# publish
module 0x42::digests {
    use std::hash;

    const ABC448: vector<u8> = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

    public fun sha2_empty(): vector<u8> {
        let d = hash::sha2_256(b"");
        assert!(d == x"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 1);
        d
    }
    public fun sha2_abc(): vector<u8> {
        let d = hash::sha2_256(b"abc");
        assert!(d == x"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 2);
        d
    }
    public fun sha2_448(): vector<u8> {
        let d = hash::sha2_256(ABC448);
        assert!(d == x"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", 3);
        d
    }
    public fun sha3_empty(): vector<u8> {
        let d = hash::sha3_256(b"");
        assert!(d == x"a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", 4);
        d
    }
    public fun sha3_abc(): vector<u8> {
        let d = hash::sha3_256(b"abc");
        assert!(d == x"3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", 5);
        d
    }
    public fun sha3_448(): vector<u8> {
        let d = hash::sha3_256(ABC448);
        assert!(d == x"41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376", 6);
        d
    }
    // Any input, for the output to show.
    public fun both(data: vector<u8>): (vector<u8>, vector<u8>) { (hash::sha2_256(data), hash::sha3_256(data)) }
    // One million 'a's would take too long here; 1,000 bytes show the per-byte gas.
    public fun thousand(): vector<u8> {
        let v = vector[];
        for (i in 0..1000) v.push_back(0x61);
        hash::sha2_256(v)
    }
}

//# call 0x42::digests::sha2_empty

//# call 0x42::digests::sha2_abc

//# call 0x42::digests::sha2_448

//# call 0x42::digests::sha3_empty

//# call 0x42::digests::sha3_abc

//# call 0x42::digests::sha3_448

//# call 0x42::digests::both --args b"The quick brown fox jumps over the lazy dog"

//# call 0x42::digests::thousand
