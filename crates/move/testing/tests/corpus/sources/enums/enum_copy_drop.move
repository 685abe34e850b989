module corpus::enum_copy_drop {
    enum Light has copy, drop, store { Off, On { level: u8 } }
    enum Token { Gold(u64), Silver(u64) }

    fun value(t: Token): u64 {
        match (t) {
            Token::Gold(v) => v * 10,
            Token::Silver(v) => v,
        }
    }

    #[test]
    fun copyable_enum() {
        let a = Light::On { level: 3 };
        let b = a;
        let c = a;
        assert!(b == c && b != Light::Off, 1);
        let lights = vector[a, Light::Off, b];
        assert!(lights.length() == 3 && lights[1] == Light::Off, 2);
    }

    #[test]
    fun linear_enum_must_be_consumed() {
        let total = value(Token::Gold(2)) + value(Token::Silver(5));
        assert!(total == 25, 1);
    }
}
