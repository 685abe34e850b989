module 0x42::duplicate_struct_field {
    struct S { a: u64, a: bool }
}
