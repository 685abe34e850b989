module 0x1::m {
    struct S has copy, eq { x: u64 }
}
