module 0x42::lambda_return_inside {
    fun f(): u64 {
        let s = 0;
        vector[1, 2].for_each(|x| { if (x == 2) return 5; s = s + x });
        s
    }
}
