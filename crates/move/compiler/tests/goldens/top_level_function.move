fun f() {}
