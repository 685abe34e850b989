module 0x42::ok_enums {
    enum Shape has copy, drop {
        Circle { radius: u64 },
        Rect { w: u64, h: u64 },
        Empty,
    }

    enum Wrapper<T> has drop {
        One(T),
        Two(T, T),
    }

    public fun area(s: &Shape): u64 {
        match (s) {
            Shape::Circle { radius } => 3 * *radius * *radius,
            Shape::Rect { w, h } => *w * *h,
            Shape::Empty => 0,
        }
    }

    public fun consume(s: Shape): u64 {
        match (s) {
            Shape::Rect { w, h } if w == h => w,
            Shape::Rect { w, .. } => w + 1,
            _ => 0,
        }
    }

    public fun total<T: drop>(w: Wrapper<T>): u64 {
        match (w) {
            Wrapper::One(_) => 1,
            Wrapper::Two(_, _) => 2,
        }
    }

    public fun is_empty(s: &Shape): bool {
        s is Shape::Empty
    }

    public fun make(): vector<Shape> {
        vector[Shape::Circle { radius: 1 }, Shape::Rect { w: 2, h: 3 }, Shape::Empty]
    }
}
