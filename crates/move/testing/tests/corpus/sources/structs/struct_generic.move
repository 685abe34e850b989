module corpus::struct_generic {
    struct Pair<A, B> has copy, drop { a: A, b: B }
    struct Box<T> has drop { v: T }

    fun swap<A: copy + drop, B: copy + drop>(p: Pair<A, B>): Pair<B, A> {
        Pair { a: p.b, b: p.a }
    }

    fun unbox<T>(b: Box<T>): T { let Box { v } = b; v }

    #[test]
    fun generic_pairs() {
        let p = Pair { a: 1u8, b: true };
        let q = swap(p);
        assert!(q.a == true && q.b == 1u8, 1);
        let nested = Pair { a: Pair { a: 1, b: 2 }, b: vector[3] };
        assert!(nested.a.b + nested.b[0] == 5, 2);
    }

    #[test]
    fun boxes() {
        let b = Box { v: Box { v: 42u128 } };
        assert!(unbox(unbox(b)) == 42, 1);
        let bv = Box<vector<u8>> { v: b"hi" };
        assert!(unbox(bv) == vector[104u8, 105], 2);
    }
}
