module corpus::ref_chains {
    struct Inner has drop { v: vector<u64> }
    struct Outer has drop { inner: Inner, tag: u8 }

    fun inner_mut(o: &mut Outer): &mut Inner { &mut o.inner }
    fun first(i: &Inner): &u64 { &i.v[0] }

    #[test]
    fun borrow_through_functions() {
        let o = Outer { inner: Inner { v: vector[7, 8] }, tag: 1 };
        let i = inner_mut(&mut o);
        i.v.push_back(9);
        assert!(*first(&o.inner) == 7, 1);
        assert!(o.inner.v == vector[7, 8, 9], 2);
        o.tag = 2;
        assert!(o.tag == 2, 3);
    }

    #[test]
    fun conditional_reference() {
        let a = 1;
        let b = 2;
        let r = if (a < b) &mut a else &mut b;
        *r = 100;
        assert!(a == 100 && b == 2, 1);
    }
}
