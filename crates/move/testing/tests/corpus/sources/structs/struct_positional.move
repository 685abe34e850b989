module corpus::struct_positional {
    struct Meters(u64) has copy, drop;
    struct Pair(u8, bool) has copy, drop;
    struct Wrapper<T>(T) has drop;

    fun add(a: Meters, b: Meters): Meters { Meters(a.0 + b.0) }

    #[test]
    fun positional_fields() {
        let m = add(Meters(3), Meters(4));
        assert!(m.0 == 7, 1);
        let Meters(raw) = m;
        assert!(raw == 7, 2);
        let p = Pair(9, true);
        assert!(p.0 == 9 && p.1, 3);
    }

    #[test]
    fun positional_generic_and_mutation() {
        let w = Wrapper(vector[1, 2]);
        w.0.push_back(3);
        let Wrapper(v) = w;
        assert!(v == vector[1, 2, 3], 1);
        let p = Pair(1, false);
        p.1 = true;
        p.0 = p.0 + 1;
        assert!(p == Pair(2, true), 2);
    }
}
