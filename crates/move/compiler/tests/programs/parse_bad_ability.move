module 0x42::parse_bad_ability {
    struct S has clone { f: u64 }
}
