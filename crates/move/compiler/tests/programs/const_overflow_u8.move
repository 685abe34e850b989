module 0x42::const_overflow_u8 {
    const C: u8 = 256;
}
