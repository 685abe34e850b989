module 0x42::borrow_mut_and_imm {
    fun f(v: &mut vector<u64>): u64 {
        let a = &v[0];
        let b = &mut v[1];
        *b = *a;
        *a
    }
}
