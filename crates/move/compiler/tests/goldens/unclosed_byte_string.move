module 0x1::m {
    const S: vector<u8> = b"no end;
}
