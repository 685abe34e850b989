module 0x42::const_div_by_zero {
    const C: u64 = 1 / 0;
}
