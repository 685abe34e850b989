module 0x42::type_mismatch_field {
    struct S has drop { a: u64 }
    fun f(): S { S { a: b"x" } }
}
