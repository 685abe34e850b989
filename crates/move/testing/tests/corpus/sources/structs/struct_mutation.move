module corpus::struct_mutation {
    struct Counter has drop { n: u64, history: vector<u64> }

    fun bump(c: &mut Counter, by: u64) {
        c.n = c.n + by;
        c.history.push_back(c.n);
    }

    fun get_n(c: &Counter): u64 { c.n }

    #[test]
    fun mutate_through_ref() {
        let c = Counter { n: 0, history: vector[] };
        bump(&mut c, 5);
        bump(&mut c, 2);
        assert!(get_n(&c) == 7, 1);
        assert!(c.history == vector[5, 7], 2);
    }

    #[test]
    fun field_refs() {
        let c = Counter { n: 1, history: vector[] };
        let r = &mut c.n;
        *r = *r + 41;
        assert!(c.n == 42, 1);
        let h = &mut c.history;
        h.push_back(9);
        assert!(c.history.length() == 1, 2);
    }
}
