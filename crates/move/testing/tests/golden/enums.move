// Enums (bytecode v7): pack of each variant kind, match with guards and wildcards, `is`,
// borrowing a field shared by several variants, a field of the wrong variant
// (STRUCT_VARIANT_MISMATCH), mutation through a match on a reference, generic enums.
//# publish
module 0x42::enums {
    enum Shape has copy, drop {
        Circle { r: u64 },
        Rect { w: u64, h: u64 },
        Square(u64),
        Empty,
    }
    enum Maybe<T> has copy, drop { Nothing, Just(T) }
    enum Account has drop {
        Basic { balance: u64 },
        Premium { balance: u64, limit: u64 },
    }

    fun make(kind: u8, a: u64, b: u64): Shape {
        if (kind == 0) Shape::Circle { r: a }
        else if (kind == 1) Shape::Rect { w: a, h: b }
        else if (kind == 2) Shape::Square(a)
        else Shape::Empty
    }
    public fun shape(kind: u8, a: u64, b: u64): Shape { make(kind, a, b) }
    public fun area(kind: u8, a: u64, b: u64): u64 {
        match (make(kind, a, b)) {
            Shape::Circle { r } => 3 * r * r,
            Shape::Rect { w, h } if (w == h) => w * w + 1000000,
            Shape::Rect { w, h } => w * h,
            Shape::Square(s) => s * s,
            _ => 0,
        }
    }
    public fun is_round(kind: u8): (bool, bool) {
        let s = make(kind, 1, 1);
        (s is Shape::Circle, s is Shape::Rect | Shape::Square)
    }
    // `balance` exists in both variants: borrowing it works for either.
    public fun balance(premium: bool, amount: u64): u64 {
        let a = if (premium) Account::Premium { balance: amount, limit: 5 } else Account::Basic { balance: amount };
        a.balance
    }
    // `limit` exists only in Premium: on Basic the borrow fails at run time.
    public fun limit(premium: bool): u64 {
        let a = if (premium) Account::Premium { balance: 1, limit: 5 } else Account::Basic { balance: 1 };
        a.limit
    }
    public fun deposit(premium: bool, amount: u64): Account {
        let a = if (premium) Account::Premium { balance: 10, limit: 100 } else Account::Basic { balance: 10 };
        match (&mut a) {
            Account::Premium { balance, limit } => {
                *balance = *balance + amount;
                *limit = *limit - 1;
            },
            Account::Basic { balance } => *balance = *balance + amount,
        };
        a
    }
    public fun maybe_sum(v: vector<u64>): Maybe<u64> {
        if (v.is_empty()) return Maybe::Nothing;
        let s = 0;
        v.for_each(|x| s = s + x);
        Maybe::Just(s)
    }
    public fun unwrap_or(m: Maybe<u64>, d: u64): u64 {
        match (m) { Maybe::Just(x) => x, Maybe::Nothing => d }
    }
    public fun sum_or(v: vector<u64>, d: u64): u64 { unwrap_or(maybe_sum(v), d) }
    public fun nested(): Maybe<Maybe<Shape>> { Maybe::Just(Maybe::Just(Shape::Square(4))) }
    // Unpacking the wrong variant with a let is a runtime STRUCT_VARIANT_MISMATCH.
    public fun force_square(kind: u8): u64 {
        let Shape::Square(s) = make(kind, 3, 3);
        s
    }
}

//# call 0x42::enums::shape --args 0u8 5 0

//# call 0x42::enums::shape --args 1u8 2 3

//# call 0x42::enums::shape --args 2u8 4 0

//# call 0x42::enums::shape --args 3u8 0 0

//# call 0x42::enums::area --args 0u8 2 0

//# call 0x42::enums::area --args 1u8 2 3

//# call 0x42::enums::area --args 1u8 3 3

//# call 0x42::enums::area --args 2u8 7 0

//# call 0x42::enums::area --args 9u8 0 0

//# call 0x42::enums::is_round --args 0u8

//# call 0x42::enums::is_round --args 2u8

//# call 0x42::enums::balance --args true 77

//# call 0x42::enums::balance --args false 66

//# call 0x42::enums::limit --args true

//# call 0x42::enums::limit --args false

//# call 0x42::enums::deposit --args true 5

//# call 0x42::enums::deposit --args false 5

//# call 0x42::enums::maybe_sum --args vector[1,2,3]

//# call 0x42::enums::maybe_sum --args vector[]

//# call 0x42::enums::sum_or --args vector[4,5] 99

//# call 0x42::enums::sum_or --args vector[] 99

//# call 0x42::enums::nested

//# call 0x42::enums::force_square --args 2u8

//# call 0x42::enums::force_square --args 0u8
