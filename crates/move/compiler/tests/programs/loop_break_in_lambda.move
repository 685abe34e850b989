module 0x42::loop_break_in_lambda {
    fun f() {
        loop {
            vector[1].for_each(|_x| break);
        }
    }
}
