module 0x1::m {
    fun f(): u64 {
        loop { break 5 }
    }
}
