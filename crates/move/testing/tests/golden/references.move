// Locals and references: borrow of locals and fields (nested), mutable references written
// through, read/write ref, freeze, references passed down and returned, swapping through
// `mem::swap`-like code, references into vectors.
//# publish
module 0x42::refs {
    struct Inner has copy, drop { v: u64, w: vector<u64> }
    struct Outer has copy, drop { a: Inner, b: Inner, flag: bool }

    fun bump(x: &mut u64, by: u64) { *x = *x + by }
    fun read(x: &u64): u64 { *x }
    fun pick(o: &mut Outer, first: bool): &mut Inner {
        if (first) &mut o.a else &mut o.b
    }

    public fun locals(x: u64): (u64, u64) {
        let y = x;
        let r = &mut y;
        *r = *r * 10;
        bump(r, 1);
        bump(&mut x, 2);
        (x, y)
    }
    public fun fields(): Outer {
        let o = Outer { a: Inner { v: 1, w: vector[] }, b: Inner { v: 2, w: vector[9] }, flag: false };
        let inner = pick(&mut o, false);
        inner.v = inner.v + 40;
        inner.w.push_back(8);
        let fv = &mut o.a.v;
        *fv = 7;
        o.flag = !o.flag;
        o
    }
    public fun freeze_it(x: u64): u64 {
        let r = &mut x;
        let f: &u64 = freeze(r);
        read(f) + read(&x)
    }
    public fun swap_through(a: u64, b: u64): (u64, u64) {
        let (ra, rb) = (&mut a, &mut b);
        let t = *ra;
        *ra = *rb;
        *rb = t;
        (a, b)
    }
    public fun vector_refs(): vector<u64> {
        let v = vector[1, 2, 3];
        let e = &mut v[1];
        *e = *e * 100;
        let last = v.borrow_mut(2);
        bump(last, 1000);
        let first = *v.borrow(0);
        v.push_back(first);
        v
    }
    public fun copy_is_deep(): (Inner, Inner) {
        let a = Inner { v: 1, w: vector[1] };
        let b = copy a;
        b.w.push_back(2);
        b.v = 2;
        (a, b)
    }
    // A reference parameter given by the harness: the function sees the value.
    public fun length_of(v: &vector<u64>): u64 { v.length() }
    public fun add_into(v: &mut u64, d: u64): u64 { *v = *v + d; *v }
}

//# call 0x42::refs::locals --args 5

//# call 0x42::refs::fields

//# call 0x42::refs::freeze_it --args 21

//# call 0x42::refs::swap_through --args 1 2

//# call 0x42::refs::vector_refs

//# call 0x42::refs::copy_is_deep

//# call 0x42::refs::length_of --args vector[4,5,6]

//# call 0x42::refs::add_into --args 40 2
