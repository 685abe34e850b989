module 0x42::borrow_call_while_mut_borrowed {
    struct S has drop { v: u64 }
    fun read(s: &S): u64 { s.v }
    fun f(): u64 {
        let s = S { v: 0 };
        let r = &mut s;
        let x = read(&s);
        r.v = 1;
        x
    }
}
