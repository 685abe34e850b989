module 0x42::unknown_named_address {
    fun f(): address { @nowhere }
}
