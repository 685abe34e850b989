module 0x42::borrow_field_mut_twice {
    struct S has drop { v: u64 }
    fun f(): u64 {
        let s = S { v: 0 };
        let a = &mut s.v;
        let b = &mut s.v;
        *a = 1;
        *b = 2;
        s.v
    }
}
