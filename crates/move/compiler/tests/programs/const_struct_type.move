module 0x42::const_struct_type {
    struct S has copy, drop { v: u64 }
    const C: S = S { v: 1 };
}
