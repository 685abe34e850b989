module 0x42::tuple_in_struct_field {
    struct S { t: (u64, u64) }
}
