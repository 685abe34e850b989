module 0x42::const_signer_type {
    const C: signer = @0x1;
}
