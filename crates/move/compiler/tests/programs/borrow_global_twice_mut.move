module 0x42::borrow_global_twice_mut {
    struct R has key { v: u64 }
    fun f(a: address) acquires R {
        let x = borrow_global_mut<R>(a);
        let y = borrow_global_mut<R>(a);
        x.v = 1;
        y.v = 2;
    }
}
