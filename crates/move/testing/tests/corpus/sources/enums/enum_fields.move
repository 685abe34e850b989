module corpus::enum_fields {
    enum Shape has copy, drop {
        Circle { r: u64 },
        Rect { w: u64, h: u64 },
        Square(u64),
    }

    fun area_x3(s: &Shape): u64 {
        match (s) {
            Shape::Circle { r } => 3 * 3 * *r * *r,
            Shape::Rect { w, h } => 3 * *w * *h,
            Shape::Square(side) => 3 * *side * *side,
        }
    }

    fun scale(s: &mut Shape, k: u64) {
        match (s) {
            Shape::Circle { r } => *r = *r * k,
            Shape::Rect { w, h } => { *w = *w * k; *h = *h * k },
            Shape::Square(side) => *side = *side * k,
        }
    }

    #[test]
    fun areas() {
        assert!(area_x3(&Shape::Circle { r: 2 }) == 36, 1);
        assert!(area_x3(&Shape::Rect { w: 2, h: 5 }) == 30, 2);
        assert!(area_x3(&Shape::Square(4)) == 48, 3);
    }

    #[test]
    fun mutate_variant_fields() {
        let s = Shape::Rect { w: 1, h: 2 };
        scale(&mut s, 3);
        assert!(s == Shape::Rect { w: 3, h: 6 }, 1);
        let c = Shape::Circle { r: 1 };
        scale(&mut c, 5);
        assert!(area_x3(&c) == 225, 2);
    }

    #[test]
    fun field_access_common_to_variant() {
        let s = Shape::Circle { r: 9 };
        assert!(s is Shape::Circle, 1);
        assert!(!(s is Shape::Rect | Shape::Square), 2);
    }
}
