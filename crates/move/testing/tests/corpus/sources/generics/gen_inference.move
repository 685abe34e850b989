module corpus::gen_inference {
    use std::option::{Self, Option};

    fun default<T: drop>(o: Option<T>, d: T): T { if (o.is_some()) o.destroy_some() else d }

    fun make_empty<T>(): vector<T> { vector[] }

    #[test]
    fun infers_from_context() {
        let v: vector<u16> = make_empty();
        v.push_back(65535);
        assert!(v[0] == 65535, 1);
        let w = make_empty();
        w.push_back(@0x1);
        assert!(w.length() == 1, 2);
        assert!(default(option::none(), 5u8) == 5, 3);
        assert!(default(option::some(b"x"), b"y") == b"x", 4);
    }

    #[test]
    fun literal_types_follow_annotations() {
        let a: u8 = 200;
        let b: u128 = 1 << 100;
        let c = (a as u64) * 2;
        assert!(c == 400 && b > 0, 1);
    }
}
