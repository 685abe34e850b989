module 0x42::borrow_mut_twice {
    fun f() {
        let x = 1;
        let a = &mut x;
        let b = &mut x;
        *a = 2;
        *b = 3;
    }
}
