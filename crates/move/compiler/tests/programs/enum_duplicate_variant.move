module 0x42::enum_duplicate_variant {
    enum E { A, A }
}
