module 0x42::unknown_variant {
    enum E has drop { A, B }
    fun f(): E { E::C }
}
