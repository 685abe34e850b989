module 0x1::patterns {
    struct Pair has copy, drop { a: u64, b: u64 }
    struct Outer has drop { inner: Pair, tag: u8 }
    struct Pos(u64, u64) has drop;
    struct Gen<T> has drop { t: T }

    enum Msg has drop {
        Quit,
        Move { x: u64, y: u64 },
        Write(vector<u8>),
        Pair(u64, u64, u64),
    }

    fun lets(o: Outer, p: Pos, g: Gen<u64>): u64 {
        let x;
        let y: u64;
        let (a, b) = (1, 2);
        let (c, d): (u64, bool) = (3, true);
        let Outer { inner: Pair { a: e, b: _ }, tag } = o;
        let Pos(f, _) = p;
        let Gen<u64> { t } = g;
        let _ = d;
        x = 1;
        y = 2;
        (x, y) = (y, x);
        Pair { a: x, b: y } = Pair { a: 1, b: 2 };
        _ = tag;
        a + b + c + e + f + t + x + y
    }

    fun rest(p: Pair, o: Outer): u64 {
        let Pair { a, .. } = p;
        let Outer { inner: Pair { .. }, .. } = o;
        a
    }

    fun matches(m: Msg): u64 {
        match (m) {
            Msg::Quit => 0,
            Msg::Move { x, y: 0 } if x > 5 => x,
            Msg::Move { x, .. } => { x + 1 }
            Msg::Write(bytes) => std::vector::length(&bytes),
            Msg::Pair(a, ..) if a == 0 => 1,
            Msg::Pair(_, b, c) => b + c,
        }
    }

    fun match_ref(m: &Msg): bool {
        let r = match (m) {
            Quit => true,
            _ => false
        };
        r
    }

    fun match_tuple(a: Msg, b: Msg): u64 {
        match ((a, b)) {
            (Msg::Quit, Msg::Quit) => 1,
            (_, _) => 2,
        }
    }

    fun match_literals(x: u64): u64 {
        match (x) {
            0 => 1,
            1..5 => 2,
            5..=9 => 3,
            _ => 4,
        }
    }

    fun match_as_call(): u64 {
        // Without `{` after `(e)`, `match` is an ordinary function.
        match(1, 2)
    }

    fun match(a: u64, b: u64): u64 { a + b }
}
