module 0x42::attr_unknown_warns {
    #[totally_unknown_attribute]
    public fun f(): u64 { 1 }
}
