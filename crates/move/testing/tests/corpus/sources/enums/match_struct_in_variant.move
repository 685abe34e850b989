// Expected: compiles (a struct pattern cannot fail, so the two arms cover both variants);
// the test passes. Actual: error[M0407] `match` does not cover every variant: missing A, B.
module 0xc0::match_struct_in_variant {
    struct Inner has copy, drop { x: u64, y: u64 }
    enum W has copy, drop { A { inner: Inner, n: u64 }, B(Inner) }

    fun sum(w: &W): u64 {
        match (w) {
            W::A { inner: Inner { x, y }, n } => *x + *y + *n,
            W::B(Inner { x, .. }) => *x,
        }
    }

    #[test]
    fun t() {
        assert!(sum(&W::A { inner: Inner { x: 1, y: 2 }, n: 3 }) == 6, 1);
        assert!(sum(&W::B(Inner { x: 7, y: 0 })) == 7, 2);
    }
}
