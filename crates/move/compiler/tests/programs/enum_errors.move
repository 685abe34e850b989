module 0x42::enum_errors {
    enum Color has drop { Red, Green, Blue }
    fun missing_arm(c: Color): u64 {
        match (c) {
            Color::Red => 1,
            Color::Green => 2,
        }
    }
    fun not_enum(x: u64): u64 {
        match (x) {
            _ => 1,
        }
    }
    fun bad_variant(c: &Color): bool { c is Color::Purple }
    fun arm_types(c: Color): u64 {
        match (c) {
            Color::Red => 1,
            _ => false,
        }
    }
}
