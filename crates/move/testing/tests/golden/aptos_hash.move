// aptos-stdlib hash natives, reached by declaring `0x1::aptos_hash` here with only the
// native functions the VM binds. Known answers: Keccak-256 (the Ethereum empty hash and
// "abc"), SHA2-512 and SHA3-512 (FIPS 180-2 / FIPS 202 examples), RIPEMD-160 (the
// RIPEMD-160 paper's vectors), BLAKE2b with a 32-byte digest, SipHash-2-4 with the all-zero
// key (values from the reference algorithm, itself checked against the paper's vector for
// key 00..0f). Each function asserts the digest in Move and returns it.
//# publish
module 0x1::aptos_hash {
    native public fun sip_hash(bytes: vector<u8>): u64;
    native public fun keccak256(bytes: vector<u8>): vector<u8>;
    native public fun sha2_512_internal(bytes: vector<u8>): vector<u8>;
    native public fun sha3_512_internal(bytes: vector<u8>): vector<u8>;
    native public fun ripemd160_internal(bytes: vector<u8>): vector<u8>;
    native public fun blake2b_256_internal(bytes: vector<u8>): vector<u8>;
}

//# publish
module 0x42::kat {
    use 0x1::aptos_hash as h;

    public fun keccak(): (vector<u8>, vector<u8>) {
        let (a, b) = (h::keccak256(b""), h::keccak256(b"abc"));
        assert!(a == x"c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", 1);
        assert!(b == x"4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", 2);
        (a, b)
    }
    public fun sha2_512(): (vector<u8>, vector<u8>) {
        let (a, b) = (h::sha2_512_internal(b""), h::sha2_512_internal(b"abc"));
        assert!(a == x"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e", 3);
        assert!(b == x"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", 4);
        (a, b)
    }
    public fun sha3_512(): (vector<u8>, vector<u8>) {
        let (a, b) = (h::sha3_512_internal(b""), h::sha3_512_internal(b"abc"));
        assert!(a == x"a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26", 5);
        assert!(b == x"b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0", 6);
        (a, b)
    }
    public fun ripemd160(): (vector<u8>, vector<u8>, vector<u8>) {
        let (a, b, c) = (h::ripemd160_internal(b""), h::ripemd160_internal(b"abc"), h::ripemd160_internal(b"message digest"));
        assert!(a == x"9c1185a5c5e9fc54612808977ee8f548b2258d31", 7);
        assert!(b == x"8eb208f7e05d987a9b044a8e98c6b087f15a0bfc", 8);
        assert!(c == x"5d0689ef49d2fae572b881b123a85ffa21595f36", 9);
        (a, b, c)
    }
    public fun blake2b_256(): (vector<u8>, vector<u8>) {
        let (a, b) = (h::blake2b_256_internal(b""), h::blake2b_256_internal(b"abc"));
        assert!(a == x"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", 10);
        assert!(b == x"bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", 11);
        (a, b)
    }
    public fun sip(): (u64, u64) {
        let (a, b) = (h::sip_hash(b""), h::sip_hash(b"abc"));
        assert!(a == 2202906307356721367, 12);
        assert!(b == 4596069200710135518, 13);
        (a, b)
    }
}

//# call 0x42::kat::keccak

//# call 0x42::kat::sha2_512

//# call 0x42::kat::sha3_512

//# call 0x42::kat::ripemd160

//# call 0x42::kat::blake2b_256

//# call 0x42::kat::sip

//# call 0x1::aptos_hash::keccak256 --args b"The quick brown fox jumps over the lazy dog"
