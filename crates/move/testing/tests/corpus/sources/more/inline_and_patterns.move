module corpus::inline_and_patterns {
    struct Bank has key { total: u64 }
    struct Inner has copy, drop { x: u64, y: u64 }
    enum W has copy, drop { A { inner: Inner, n: u64 }, B(Inner) }

    inline fun with_bank(a: address, f: |&mut Bank|) { f(borrow_global_mut<Bank>(a)) }

    #[test(s = @0x8)] fun inline_borrow_global(s: &signer) acquires Bank {
        move_to(s, Bank { total: 1 });
        with_bank(@0x8, |b| b.total = b.total + 9);
        assert!(borrow_global<Bank>(@0x8).total == 10, 1);
    }

    fun sum_w(w: &W): u64 {
        match (w) {
            W::A { inner, n } => inner.x + inner.y + *n,
            W::B(i) => i.x,
        }
    }

    fun bump_w(w: &mut W) {
        match (w) {
            W::A { inner, n: _ } => inner.x = inner.x + 100,
            W::B(i) => i.y = i.y + 1,
        }
    }

    #[test] fun nested_struct_patterns_in_enum() {
        let a = W::A { inner: Inner { x: 1, y: 2 }, n: 3 };
        assert!(sum_w(&a) == 6, 1);
        bump_w(&mut a);
        assert!(sum_w(&a) == 106, 2);
        let b = W::B(Inner { x: 7, y: 0 });
        bump_w(&mut b);
        assert!(b == W::B(Inner { x: 7, y: 1 }) && sum_w(&b) == 7, 3);
    }

    inline fun update_all(v: &mut vector<u64>, f: |&mut u64|) {
        let i = 0;
        while (i < v.length()) { f(&mut v[i]); i = i + 1; }
    }

    #[test] fun mut_refs_into_lambda() {
        let v = vector[1, 2, 3];
        let k = 10;
        update_all(&mut v, |e| *e = *e * k);
        assert!(v == vector[10, 20, 30], 1);
    }
}
