module 0x42::ability_signer_copy {
    fun f(s: signer): (signer, signer) { (copy s, s) }
}
