module corpus::ref_multiple_readers {
    struct Pair has drop { a: vector<u64>, b: vector<u64> }

    fun dot(x: &vector<u64>, y: &vector<u64>): u64 {
        let s = 0;
        let i = 0;
        while (i < x.length()) { s = s + x[i] * y[i]; i = i + 1; };
        s
    }

    #[test]
    fun many_immutable_borrows() {
        let p = Pair { a: vector[1, 2, 3], b: vector[4, 5, 6] };
        let ra = &p.a;
        let rb = &p.b;
        let ra2 = &p.a;
        assert!(dot(ra, rb) == 32 && dot(ra, ra2) == 14, 1);
        let whole = &p;
        assert!(dot(&whole.b, &whole.b) == 77, 2);
    }

    #[test]
    fun disjoint_mutable_fields() {
        let p = Pair { a: vector[1], b: vector[2] };
        let ma = &mut p.a;
        let mb = &mut p.b;
        ma.push_back(10);
        mb.push_back(20);
        assert!(p.a == vector[1, 10] && p.b == vector[2, 20], 1);
    }
}
