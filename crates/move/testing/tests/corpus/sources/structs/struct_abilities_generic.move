module corpus::struct_abilities_generic {
    struct Box<T> has copy, drop, store { v: T }
    struct NoCopy has drop { x: u64 }

    fun dup<T: copy>(x: &T): T { *x }

    #[test]
    fun abilities_follow_type_arguments() {
        // Box<u64> has copy because u64 has copy
        let b = Box { v: 5u64 };
        let c = dup(&b);
        assert!(b.v == c.v, 1);
        // Box<NoCopy> has only drop; moving it is fine
        let n = Box { v: NoCopy { x: 3 } };
        let m = n;
        assert!(m.v.x == 3, 2);
        // nested copyable boxes
        let bb = Box { v: Box { v: vector[1u8] } };
        let cc = dup(&bb);
        assert!(cc.v.v == b"\x01", 3);
    }
}
