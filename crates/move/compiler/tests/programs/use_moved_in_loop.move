module 0x42::use_moved_in_loop {
    struct R {}
    fun eat(r: R) { let R {} = r; }
    fun f(r: R) {
        let i = 0;
        while (i < 2) { eat(r); i = i + 1; };
    }
}
