module 0x1::m {
    fun f(): u64 { let $x = 1; 2 }
}
