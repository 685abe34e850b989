module 0x42::attr_view_on_struct {
    #[view]
    struct S has drop { v: u64 }
}
