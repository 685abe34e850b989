module 0x42::vis_t {
    struct T has drop { v: u64 }
    public fun make(): T { T { v: 1 } }
}
module 0x42::visibility_struct_field_outside {
    fun f(): u64 { let t = 0x42::vis_t::make(); t.v }
}
