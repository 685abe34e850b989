module 0x42::use_of_unassigned {
    fun f(): u64 {
        let x: u64;
        x + 1
    }
}
