module corpus::ref_global_fn {
    struct Pool has key { reserves: vector<u64> }

    // A reference derived from a parameter may be returned (one taken with
    // `borrow_global_mut` inside the function may not).
    fun reserve_mut(p: &mut Pool, i: u64): &mut u64 { &mut p.reserves[i] }
    fun reserve(p: &Pool, i: u64): &u64 { &p.reserves[i] }

    fun rebalance(a: address, amount: u64) acquires Pool {
        let p = borrow_global_mut<Pool>(a);
        *reserve_mut(p, 0) = *reserve(p, 0) - amount;
        let r = reserve_mut(p, 1);
        *r = *r + amount;
    }

    #[test(s = @0x41)]
    fun references_into_global_storage(s: &signer) acquires Pool {
        move_to(s, Pool { reserves: vector[100, 200] });
        rebalance(@0x41, 30);
        let p = borrow_global<Pool>(@0x41);
        assert!(*reserve(p, 0) == 70 && *reserve(p, 1) == 230, 1);
    }

    #[test(s = @0x41)]
    #[expected_failure(arithmetic_error, location = Self)]
    fun rebalance_too_much(s: &signer) acquires Pool {
        move_to(s, Pool { reserves: vector[1, 0] });
        rebalance(@0x41, 2);
    }

    #[test(s = @0x41)]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun index_past_end_in_global(s: &signer) acquires Pool {
        move_to(s, Pool { reserves: vector[1] });
        let p = borrow_global_mut<Pool>(@0x41);
        *reserve_mut(p, 1) = 0;
    }
}
