module 0x42::borrow_push_while_element_borrowed {
    fun f(): u64 {
        let v = vector[1, 2];
        let e = &v[0];
        v.push_back(3);
        *e
    }
}
