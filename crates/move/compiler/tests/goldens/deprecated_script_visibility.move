module 0x1::m {
    public(script) fun f() {}
}
