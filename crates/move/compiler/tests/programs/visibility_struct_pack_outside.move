module 0x42::vis_s {
    struct Secret has drop { v: u64 }
}
module 0x42::visibility_struct_pack_outside {
    fun f(): 0x42::vis_s::Secret { 0x42::vis_s::Secret { v: 1 } }
}
