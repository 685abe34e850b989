module 0x42::const_arith_overflow {
    const C: u64 = 18446744073709551615 + 1;
}
