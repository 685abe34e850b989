module corpus::enum_basic {
    enum Color has copy, drop { Red, Green, Blue }

    fun code(c: Color): u8 {
        match (c) {
            Color::Red => 1,
            Color::Green => 2,
            Color::Blue => 3,
        }
    }

    fun next(c: Color): Color {
        match (c) {
            Color::Red => Color::Green,
            Color::Green => Color::Blue,
            Color::Blue => Color::Red,
        }
    }

    #[test]
    fun match_unit_variants() {
        assert!(code(Color::Red) == 1, 1);
        assert!(code(Color::Blue) == 3, 2);
        assert!(code(next(next(Color::Green))) == 1, 3);
        assert!(Color::Red != Color::Green, 4);
        assert!(next(Color::Blue) == Color::Red, 5);
    }
}
