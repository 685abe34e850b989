module corpus::struct_empty {
    struct Unit has copy, drop {}
    struct Token {}
    struct Holder has drop { flag: bool }

    fun consume(t: Token): u64 { let Token {} = t; 1 }

    #[test]
    fun empty_structs() {
        let u = Unit {};
        assert!(u == Unit {}, 1);
        assert!(consume(Token {}) == 1, 2);
        let h = Holder { flag: false };
        h.flag = !h.flag;
        assert!(h.flag, 3);
    }
}
