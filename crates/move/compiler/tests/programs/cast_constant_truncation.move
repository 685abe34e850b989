module 0x42::cast_constant_truncation {
    const C: u8 = (300u64 as u8);
}
