module corpus::store_borrow_mut_loop {
    struct Counter has key { n: u64 }

    fun bump_many(a: address, times: u64) acquires Counter {
        let i = 0;
        while (i < times) {
            let c = borrow_global_mut<Counter>(a);
            c.n = c.n + i;
            i = i + 1;
        }
    }

    #[test(s = @0x9)]
    fun loops_over_global(s: &signer) acquires Counter {
        move_to(s, Counter { n: 0 });
        bump_many(@0x9, 10);
        assert!(Counter[@0x9].n == 45, 1);
        Counter[@0x9].n += 5;
        assert!(Counter[@0x9].n == 50, 2);
    }
}
