module corpus::ref_swap {
    fun swap_vals<T: copy + drop>(a: &mut T, b: &mut T) {
        let t = *a;
        *a = *b;
        *b = t;
    }

    struct S has copy, drop { x: u64, y: u64 }

    #[test]
    fun swap_fields() {
        let s = S { x: 1, y: 2 };
        swap_vals(&mut s.x, &mut s.y);
        assert!(s.x == 2 && s.y == 1, 1);
    }

    #[test]
    fun swap_locals_of_several_types() {
        let a = b"a";
        let b = b"bb";
        swap_vals(&mut a, &mut b);
        assert!(a == b"bb" && b == b"a", 1);
        let p = @0x1;
        let q = @0x2;
        swap_vals(&mut p, &mut q);
        assert!(p == @0x2, 2);
    }
}
