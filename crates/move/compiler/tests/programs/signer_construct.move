module 0x42::signer_construct {
    fun f(): signer { @0x1 }
}
