module 0x42::borrow_assign_while_borrowed {
    fun f(): u64 {
        let x = 1;
        let r = &x;
        x = 2;
        *r
    }
}
