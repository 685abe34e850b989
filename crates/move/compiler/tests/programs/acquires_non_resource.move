module 0x42::acquires_non_resource {
    struct S has drop { v: u64 }
    fun f(): u64 acquires S { 1 }
}
