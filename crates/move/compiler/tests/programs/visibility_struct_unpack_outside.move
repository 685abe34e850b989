module 0x42::vis_u {
    struct U { v: u64 }
    public fun make(): U { U { v: 1 } }
}
module 0x42::visibility_struct_unpack_outside {
    use 0x42::vis_u::{Self, U};
    fun f(): u64 { let U { v } = vis_u::make(); v }
}
