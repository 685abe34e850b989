module 0x1::m {
    const A: vector<u8> = x"abc";
}
