module 0x42::match_wrong_enum_variant {
    enum A has drop { X, Y }
    enum B has drop { X, Z }
    fun f(a: A): u8 {
        match (a) {
            B::X => 0,
            _ => 1,
        }
    }
}
