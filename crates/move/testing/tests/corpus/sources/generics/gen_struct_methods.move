module corpus::gen_struct_methods {
    struct Pair<T: copy + drop> has copy, drop { left: T, right: T }

    fun new<T: copy + drop>(l: T, r: T): Pair<T> { Pair { left: l, right: r } }
    fun flip<T: copy + drop>(self: Pair<T>): Pair<T> { Pair { left: self.right, right: self.left } }
    inline fun both<T: copy + drop>(self: &Pair<T>, f: |&T| bool): bool { f(&self.left) && f(&self.right) }

    #[test]
    fun generic_methods() {
        let p = new(1, 2).flip();
        assert!(p.left == 2 && p.right == 1, 1);
        let q = new(b"a", b"b").flip().flip();
        assert!(q.left == b"a", 2);
        assert!(new(4, 6).both(|x| *x % 2 == 0), 3);
        assert!(!new(4, 7).both(|x| *x % 2 == 0), 4);
    }
}
