module corpus::enum_match_guards {
    enum Token has drop {
        Num(u64),
        Plus,
        Times,
    }

    fun classify(t: &Token): u8 {
        match (t) {
            Token::Num(n) if (*n == 0) => 0,
            Token::Num(n) if (*n < 10) => 1,
            Token::Num(_) => 2,
            _ => 3,
        }
    }

    // Reverse Polish evaluation over a token list.
    fun eval(tokens: vector<Token>): u64 {
        let stack = vector[];
        tokens.for_each(|t| {
            match (t) {
                Token::Num(n) => stack.push_back(n),
                Token::Plus => { let b = stack.pop_back(); let a = stack.pop_back(); stack.push_back(a + b) },
                Token::Times => { let b = stack.pop_back(); let a = stack.pop_back(); stack.push_back(a * b) },
            }
        });
        stack.pop_back()
    }

    #[test]
    fun guards() {
        assert!(classify(&Token::Num(0)) == 0, 1);
        assert!(classify(&Token::Num(7)) == 1, 2);
        assert!(classify(&Token::Num(70)) == 2, 3);
        assert!(classify(&Token::Plus) == 3, 4);
    }

    #[test]
    fun rpn() {
        // (2 + 3) * 4
        let prog = vector[Token::Num(2), Token::Num(3), Token::Plus, Token::Num(4), Token::Times];
        assert!(eval(prog) == 20, 1);
    }
}
