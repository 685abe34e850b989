module 0x42::unused {
    fun f(): u64 { let x = 1; let _y = 2; let z = 3; z }
}
