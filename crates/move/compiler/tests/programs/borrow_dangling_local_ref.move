module 0x42::borrow_dangling_local_ref {
    fun f(): &u64 {
        let x = 1;
        &x
    }
}
