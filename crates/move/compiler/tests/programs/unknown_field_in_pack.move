module 0x42::unknown_field_in_pack {
    struct S has drop { a: u64 }
    fun f(): S { S { a: 1, b: 2 } }
}
