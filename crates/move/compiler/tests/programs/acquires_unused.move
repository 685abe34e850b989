module 0x42::acquires_unused {
    struct R has key { v: u64 }
    fun f(): u64 acquires R { 1 }
}
