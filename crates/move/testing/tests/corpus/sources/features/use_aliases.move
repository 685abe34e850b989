module corpus::use_aliases {
    use std::vector as vec;
    use std::option::{Self as opt, Option as Maybe, some};
    use std::string::{utf8, String};

    fun wrap(x: u64): Maybe<u64> { some(x) }

    #[test]
    fun aliases_resolve() {
        let v = vec::empty<u64>();
        vec::push_back(&mut v, 1);
        assert!(vec::length(&v) == 1, 1);
        assert!(opt::is_some(&wrap(3)), 2);
        let s: String = utf8(b"x");
        assert!(s.length() == 1, 3);
    }

    #[test]
    fun local_use_in_function() {
        use std::bcs::to_bytes;
        assert!(to_bytes(&7u8) == x"07", 1);
    }
}
