// Structs: pack and unpack (by value, nested, positional), field access, copy/drop rules
// at run time, structs holding vectors and addresses, returning structs.
//# publish
module 0x42::shapes {
    struct Point has copy, drop { x: u64, y: u64 }
    struct Rect has copy, drop { min: Point, max: Point }
    struct Tagged has drop { tag: vector<u8>, owner: address, p: Point }
    struct Pair(u64, bool) has copy, drop;
    struct Unit has copy, drop {}
    struct Wrapper has drop { inner: Rect }

    public fun point(x: u64, y: u64): Point { Point { x, y } }
    public fun rect(x0: u64, y0: u64, x1: u64, y1: u64): Rect {
        Rect { min: Point { x: x0, y: y0 }, max: point(x1, y1) }
    }
    public fun area(x0: u64, y0: u64, x1: u64, y1: u64): u64 {
        let Rect { min: Point { x: ax, y: ay }, max } = rect(x0, y0, x1, y1);
        let Point { x: bx, y: by } = max;
        (bx - ax) * (by - ay)
    }
    public fun tagged(owner: address): Tagged {
        Tagged { tag: b"hello", owner, p: Point { x: 3, y: 4 } }
    }
    public fun pair(n: u64): Pair { Pair(n, n % 2 == 0) }
    public fun pair_fields(n: u64): (u64, bool) {
        let Pair(a, b) = pair(n);
        (a, b)
    }
    public fun unit(): Unit { Unit {} }
    public fun nested(): Wrapper {
        let w = Wrapper { inner: rect(0, 0, 2, 2) };
        w.inner.max.y = 9;
        let Wrapper { inner } = w;
        let r = inner;
        r.min = r.max;
        Wrapper { inner: r }
    }
    // The area of an inverted rectangle underflows.
    public fun bad_area(): u64 { area(5, 5, 1, 1) }
}

//# call 0x42::shapes::point --args 1 2

//# call 0x42::shapes::rect --args 0 1 10 11

//# call 0x42::shapes::area --args 1 2 4 6

//# call 0x42::shapes::bad_area

//# call 0x42::shapes::tagged --args @0xcafe

//# call 0x42::shapes::pair --args 4

//# call 0x42::shapes::pair_fields --args 7

//# call 0x42::shapes::unit

//# call 0x42::shapes::nested
