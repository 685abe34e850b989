// A `use` at the start of a block shadows the module's own members of the same name inside
// that block (an inner scope wins); outside the block the own members are found again.
module 0x42::shadow {
    struct Ordering has drop { v: u8 }

    fun compare(a: u64): u64 { a + 1 }

    public fun inner(x: u64, y: u64): bool {
        use std::cmp::{compare, Ordering};
        let o: Ordering = compare(&x, &y);
        o.is_lt()
    }

    public fun outer(x: u64): u64 {
        let o = Ordering { v: 1 };
        compare(x) + (o.v as u64)
    }

    public fun nested(x: u64, y: u64): (bool, u64) {
        let before = compare(x);
        let lt = {
            use std::cmp::compare;
            compare(&x, &y).is_lt()
        };
        (lt, before + compare(y))
    }
}
