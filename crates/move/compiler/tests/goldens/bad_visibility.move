module 0x1::m {
    public(crate) fun f() {}
}
