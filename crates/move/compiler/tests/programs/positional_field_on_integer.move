module 0x42::positional_field_on_integer {
    fun f(): u64 { let x = 1; x.0 }
}
