module corpus::struct_deep_mutation {
    struct C has copy, drop { values: vector<u64> }
    struct B has copy, drop { c: C, tag: u8 }
    struct A has copy, drop { b: B, bs: vector<B> }

    fun leaf(a: &mut A): &mut u64 { &mut a.b.c.values[1] }

    #[test]
    fun three_levels() {
        let a = A { b: B { c: C { values: vector[1, 2, 3] }, tag: 0 }, bs: vector[] };
        *leaf(&mut a) = 20;
        a.b.tag = 7;
        let snapshot = a.b;
        a.bs.push_back(snapshot);
        a.bs[0].c.values.push_back(4);
        assert!(a.b.c.values == vector[1, 20, 3], 1);
        assert!(a.bs[0].c.values == vector[1, 20, 3, 4] && a.bs[0].tag == 7, 2);
        let B { c: C { values }, tag } = a.bs.pop_back();
        assert!(values.length() == 4 && tag == 7, 3);
    }
}
