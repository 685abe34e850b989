module 0x1::m {
    entry struct S {}
    native const C: u64 = 1;
}
