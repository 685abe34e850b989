module corpus::attr_constants_and_generic_enums {
    use std::option;
    #[test]
    #[expected_failure(abort_code = std::option::EOPTION_NOT_SET, location = std::option)]
    fun other_module_constant_in_attribute() { option::none<u8>().destroy_some(); }

    enum Tree<T> has drop { Leaf(T), Pair(T, T) }
    inline fun total<T: drop + copy>(t: &Tree<T>, f: |&T| u64): u64 {
        match (t) { Tree::Leaf(x) => f(x), Tree::Pair(a, b) => f(a) + f(b) }
    }

    #[test]
    fun generic_enum_with_inline_match() {
        let t = Tree::Pair(3u8, 4u8);
        assert!(total(&t, |x| (*x as u64) * 2) == 14, 1);
        let l = Tree::Leaf(b"abc");
        assert!(total(&l, |s| s.length()) == 3, 2);
    }
}
