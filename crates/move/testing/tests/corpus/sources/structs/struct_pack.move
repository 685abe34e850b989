module corpus::struct_pack {
    struct Point has copy, drop { x: u64, y: u64 }
    struct Rect has copy, drop { min: Point, max: Point }

    fun area(r: &Rect): u64 { (r.max.x - r.min.x) * (r.max.y - r.min.y) }

    #[test]
    fun pack_and_read() {
        let p = Point { x: 3, y: 4 };
        assert!(p.x * p.x + p.y * p.y == 25, 1);
        let Point { x, y } = p;
        assert!(x == 3 && y == 4, 2);
    }

    #[test]
    fun nested() {
        let r = Rect { min: Point { x: 1, y: 2 }, max: Point { x: 4, y: 7 } };
        assert!(area(&r) == 15, 1);
        let Rect { min: Point { x: a, y: _ }, max } = r;
        assert!(a == 1 && max.y == 7, 2);
    }

    #[test]
    fun field_shorthand_and_copy() {
        let x = 9;
        let y = 10;
        let p = Point { y, x };
        let q = p;
        q.x = 0;
        assert!(p.x == 9 && q.x == 0 && p.y == q.y, 1);
        assert!(p != q, 2);
        q.x = 9;
        assert!(p == q, 3);
    }
}
