module 0x1::m {
    struct S has copy { x: u64 } has drop;
}
