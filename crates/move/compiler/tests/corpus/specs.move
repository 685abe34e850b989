/// Specification constructs are parsed and dropped; code around them survives.
module 0x1::specced {
    use std::vector;

    struct Counter has key { value: u64 }

    spec Counter {
        invariant value <= 1000;
    }

    spec module {
        pragma verify = true, aborts_if_is_strict;
        global total: u64;
        invariant [suspendable] forall a: address where exists<Counter>(a): global<Counter>(a).value < 1000;
        fun helper(x: u64): u64 { x + 1 }
        native fun uninterpreted(x: u64): bool;
    }

    invariant exists<Counter>(@0x1) ==> global<Counter>(@0x1).value > 0;

    spec schema Capped<T> {
        limit: u64;
        requires limit > 0 <==> true;
        ensures forall i in 0..limit: i < limit;
        aborts_if limit == 0 with 7;
    }

    spec fun spec_sum(v: vector<u64>): u64 {
        if (vector::is_empty(v)) { 0 } else { v[0] + spec_sum(vector::slice(v, 1, len(v))) }
    }

    spec fun spec_opaque(x: u64): u64;

    spec native fun spec_native<T>(x: T): bool;

    public fun increment(addr: address): u64 acquires Counter {
        let c = borrow_global_mut<Counter>(addr);
        spec {
            assume c.value < 1000;
        };
        c.value = c.value + 1;
        c.value
    }

    spec increment {
        pragma opaque;
        aborts_if !exists<Counter>(addr);
        ensures result == old(global<Counter>(addr).value) + 1;
        modifies global<Counter>(addr);
        emits Event {} to @0x1 if true;
        include Capped<u64> { limit: 5 };
        apply Capped<u64> to *increment*, other except private_*;
    }

    spec increment(addr: address): u64 {
        requires addr != @0x0;
    }

    fun sum(v: &vector<u64>): u64 {
        let i = 0;
        let total = 0;
        while ({
            spec {
                invariant i <= vector::length(v);
                invariant total == spec_sum(vector::slice(v, 0, i));
            };
            i < vector::length(v)
        }) {
            total = total + *vector::borrow(v, i);
            i = i + 1;
        };
        while (i > 0) {
            i = i - 1;
        } spec {
            invariant i >= 0;
        };
        for (j in 0..10 spec { invariant j <= 10; }) {
            total = total + j;
        };
        let f = |x| x + 1 spec { ensures result == x + 1; };
        let _ = f;
        total
    }

    fun specification_is_an_identifier(specification: u64, spec_value: u64, specs: u64): u64 {
        let inspect = specification + spec_value;
        inspect + specs
    }

    spec lemma monotone(x: u64) {
        ensures x <= x + 1;
    } proof {
        assert x <= x + 1;
    }

    spec sum {
        pragma verify_duration_estimate = 120;
    }
}

spec 0x1::specced {
    spec increment {
        pragma timeout = 10;
    }
}
