module 0x42::enum_empty {
    enum E {}
}
