module 0x1::move2 {
    use std::vector;

    struct Counter has key, drop { value: u64, items: vector<u64> }
    struct Wrapper(u64, Counter) has key, drop;

    enum Kind has copy, drop { A, B { n: u64 } }

    fun value(self: &Counter): u64 { self.value }
    fun bump(self: &mut Counter, by: u64) { self.value += by; }
    fun map<T, U>(self: vector<T>, f: |T| U): vector<U> { let r = vector[]; vector::for_each(self, |x| vector::push_back(&mut r, f(x))); r }

    fun receivers(c: &mut Counter): u64 {
        c.bump(1);
        c.bump(c.value());
        let v = vector[1, 2, 3];
        let doubled = v.map(|x| x * 2);
        let _ = doubled.map<u64, bool>(|x| x > 2);
        let _ = doubled.map::<u64, bool>(|x: u64| { x > 2 });
        v.length() + c.items.length()
    }

    fun indexing(addr: address, v: vector<u64>): u64 acquires Counter {
        let first = v[0];
        let r = &mut v[1];
        *r = 5;
        let c = &Counter[addr];
        let m = &mut Counter[addr];
        m.value = c.value + first;
        Counter[addr].value += 1;
        let nested = vector[vector[1u64]];
        nested[0][0] + v[v[0]]
    }

    fun compound(x: u64, b: bool): u64 {
        x += 1;
        x -= 1;
        x *= 2;
        x /= 2;
        x %= 7;
        x |= 1;
        x &= 0xff;
        x ^= 3;
        x <<= 1;
        x >>= 1;
        let _ = b;
        x
    }

    fun positional(w: Wrapper): u64 {
        let Wrapper(n, c) = w;
        let w2 = Wrapper(n, c);
        w2.0 + w2.1.value
    }

    fun tests(k: Kind): bool {
        (k is Kind::A) || (k is Kind::A | Kind::B)
    }

    inline fun fold<T>(v: vector<T>, init: u64, f: |u64, T| u64): u64 {
        let acc = init;
        vector::for_each(v, |e| acc = f(acc, e));
        acc
    }

    fun lambdas(v: vector<u64>): u64 {
        let sum = fold(v, 0, |acc, e| acc + e);
        let any = vector::any(&v, |e| *e > 3);
        let _ = vector::filter(v, |e: &u64| { let t = *e; t % 2 == 0 });
        let noop = || {};
        noop();
        let add = |a, b| a + b;
        let capture = move |x: u64| x + sum;
        let copied = copy |x| x;
        let _ = any;
        add(1, capture(copied(2)))
    }

    fun casts(x: u64): u128 {
        let a = x as u128;
        let b = (x as u128) + 1;
        a + b
    }
}
