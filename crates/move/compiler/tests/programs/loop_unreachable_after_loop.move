module 0x42::loop_unreachable_after_loop {
    fun f(): u64 {
        loop {};
        1
    }
}
