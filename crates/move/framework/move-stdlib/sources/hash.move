/// Cryptographic hashes of byte vectors. Both produce 32 bytes. More hash functions (Keccak,
/// SHA-512, BLAKE2b, RIPEMD-160, SipHash) are in `aptos_std::aptos_hash`.
module std::hash {
    /// SHA2-256 (FIPS 180-4) of `data`.
    native public fun sha2_256(data: vector<u8>): vector<u8>;
    /// SHA3-256 (FIPS 202) of `data`.
    native public fun sha3_256(data: vector<u8>): vector<u8>;
}
