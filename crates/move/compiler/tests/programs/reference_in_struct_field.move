module 0x42::reference_in_struct_field {
    struct S { r: &u64 }
}
