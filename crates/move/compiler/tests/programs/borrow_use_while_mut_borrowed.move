module 0x42::borrow_use_while_mut_borrowed {
    fun f(): u64 {
        let x = 1;
        let r = &mut x;
        let y = x;
        *r = 2;
        y
    }
}
