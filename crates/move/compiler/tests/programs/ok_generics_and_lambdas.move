module 0x42::ok_generics_and_lambdas {
    use std::option::{Self, Option};
    use std::vector;

    struct Pair<A: copy + drop, B: copy + drop> has copy, drop { first: A, second: B }

    public fun pair<A: copy + drop, B: copy + drop>(first: A, second: B): Pair<A, B> {
        Pair { first, second }
    }

    public fun swap<A: copy + drop, B: copy + drop>(p: Pair<A, B>): Pair<B, A> {
        Pair { first: p.second, second: p.first }
    }

    public fun sum_squares(v: vector<u64>): u64 {
        let squares = vector::map(v, |x| x * x);
        vector::fold(squares, 0, |acc, x| acc + x)
    }

    public fun first_even(v: &vector<u64>): Option<u64> {
        let (found, index) = vector::find(v, |x| *x % 2 == 0);
        if (found) option::some(*vector::borrow(v, index)) else option::none()
    }

    public fun count_up(n: u64): vector<u64> {
        let out = vector[];
        for (i in 0..n) {
            if (i % 3 == 0) continue;
            vector::push_back(&mut out, i);
        };
        out
    }

    public fun compound(x: u64): u64 {
        let y = x;
        y += 2;
        y *= 3;
        y >>= 1;
        y
    }
}
