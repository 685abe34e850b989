module 0x1::m {
    const S: vector<u8> = b"tab\tok, but \q is not";
}
