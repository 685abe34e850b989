module 0x42::parse_struct_missing_colon {
    struct S { f u64 }
}
