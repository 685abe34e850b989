module 0x42::borrow_move_while_borrowed {
    struct S has drop { v: u64 }
    fun f(): u64 {
        let s = S { v: 1 };
        let r = &s.v;
        let t = s;
        let _ = t;
        *r
    }
}
