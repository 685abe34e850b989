module 0x42::duplicate_constant {
    const A: u64 = 1;
    const A: u64 = 2;
}
