module 0x42::const_type_mismatch {
    const C: bool = 1;
}
