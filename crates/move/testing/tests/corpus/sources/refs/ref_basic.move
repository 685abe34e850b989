module corpus::ref_basic {
    fun inc(x: &mut u64) { *x = *x + 1 }
    fun read(x: &u64): u64 { *x }

    #[test]
    fun mutate_local_through_ref() {
        let a = 10;
        inc(&mut a);
        inc(&mut a);
        assert!(a == 12, 1);
        assert!(read(&a) == 12, 2);
    }

    #[test]
    fun freeze_mut_ref() {
        let a = 5;
        let r = &mut a;
        *r = 6;
        let f: &u64 = freeze(r);
        assert!(*f == 6, 1);
        let g: &u64 = &mut a;
        assert!(read(g) == 6, 2);
    }

    #[test]
    fun ref_equality_compares_values() {
        let a = 3;
        let b = 3;
        assert!(&a == &b, 1);
        let c = 4;
        assert!(&a != &c, 2);
    }
}
