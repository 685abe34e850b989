module corpus::set_ops {
    fun insert(s: &mut vector<u64>, x: u64) { if (!s.contains(&x)) s.push_back(x) }

    fun union(a: &vector<u64>, b: &vector<u64>): vector<u64> {
        let out = *a;
        b.for_each_ref(|x| insert(&mut out, *x));
        out
    }

    fun intersect(a: &vector<u64>, b: &vector<u64>): vector<u64> {
        (*a).filter(|x| b.contains(x))
    }

    #[test]
    fun operations() {
        let a = vector[1, 2, 3, 4];
        let b = vector[3, 4, 5];
        assert!(union(&a, &b) == vector[1, 2, 3, 4, 5], 1);
        assert!(intersect(&a, &b) == vector[3, 4], 2);
        let d = a.filter(|x| !b.contains(x));
        assert!(d == vector[1, 2], 3);
        let s = vector[];
        insert(&mut s, 7);
        insert(&mut s, 7);
        assert!(s.length() == 1, 4);
    }
}
