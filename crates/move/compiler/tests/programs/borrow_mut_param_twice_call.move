module 0x42::borrow_mut_param_twice_call {
    fun both(a: &mut u64, b: &mut u64) { *a = *b; }
    fun f(): u64 {
        let x = 1;
        both(&mut x, &mut x);
        x
    }
}
