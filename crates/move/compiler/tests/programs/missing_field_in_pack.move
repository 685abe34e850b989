module 0x42::missing_field_in_pack {
    struct S has drop { a: u64, b: u64 }
    fun f(): S { S { a: 1 } }
}
