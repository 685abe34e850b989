module 0x42::match_variant_field_unknown {
    enum E has drop { V { a: u64 } }
    fun f(e: E): u64 {
        match (e) { E::V { b } => b }
    }
}
