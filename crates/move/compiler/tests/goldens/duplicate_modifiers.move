module 0x1::m {
    public public(friend) fun f() {}
    entry native entry fun g();
}
