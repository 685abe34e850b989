module corpus::misc_semantics {
    struct E has key, drop {}
    inline fun outer(x: u64, f: |u64| u64): u64 { inner(x, |y| f(y) + x) }
    inline fun inner(x: u64, g: |u64| u64): u64 { g(x * 2) }

    #[test] fun nested_inline() { assert!(outer(3, |z| z * 10) == 63, 1); }
    #[test] fun ref_ops() {
        let x = 5; let y = 5;
        let r = &x;
        let r2 = copy r;
        assert!(*r == *r2, 1);
        assert!(*&x == 5, 2);
        let m = &mut y;
        assert!(freeze(m) == r, 3);
    }
    #[test(s = @0x3)] fun empty_resource(s: &signer) acquires E {
        move_to(s, E {});
        assert!(exists<E>(@0x3), 1);
        let E {} = move_from<E>(@0x3);
        move_to(s, E {});
        let _r = borrow_global<E>(@0x3);
    }
    #[test] fun shadow_capture() {
        let x = 1;
        let v = vector[10, 20];
        v.for_each_ref(|e| { let x = *e + x; assert!(x == *e + 1, 1); });
        let acc = 0;
        vector[1,2,3].for_each(|x| { acc = acc + x; let acc2 = acc; acc = acc2 * 1; });
        assert!(acc == 6 && x == 1, 2);
    }
    #[test] fun if_in_condition() {
        let i = 0; let n = 0;
        while (if (i < 5) true else false) { i = i + 1; n = n + if (i % 2 == 0) 10 else 1; };
        assert!(n == 23, 1);
    }
    #[test] fun nested_vec_struct_write() {
        let g = vector[vector[E{}], vector[]];
        g[1].push_back(E{});
        assert!(g[1].length() == 1, 1);
    }
    #[test] fun max_shift_u256() {
        let x: u256 = 1;
        assert!((x << 255) >> 255 == 1, 1);
        let n: u8 = 255;
        assert!((3u256 << n) == 1u256 << 255, 2);
    }
}
