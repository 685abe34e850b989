module corpus::cmp_compare {
    use std::cmp;

    struct P has drop { a: u64, b: u64 }

    #[test]
    fun integers() {
        assert!(cmp::compare(&1, &2).is_lt(), 1);
        assert!(cmp::compare(&2, &2).is_eq(), 2);
        assert!(cmp::compare(&3u8, &2u8).is_gt(), 3);
        assert!(cmp::compare(&3u8, &3u8).is_ge() && cmp::compare(&3u8, &3u8).is_le(), 4);
    }

    #[test]
    fun vectors_lexicographic() {
        assert!(cmp::compare(&vector[1, 2], &vector[1, 3]).is_lt(), 1);
        assert!(cmp::compare(&vector[1, 2, 0], &vector[1, 2]).is_gt(), 2);
        assert!(cmp::compare(&b"abc", &b"abd").is_lt(), 3);
        assert!(cmp::compare(&vector<u8>[], &vector<u8>[]).is_eq(), 4);
    }

    #[test]
    fun structs_fieldwise() {
        assert!(cmp::compare(&P { a: 1, b: 9 }, &P { a: 2, b: 0 }).is_lt(), 1);
        assert!(cmp::compare(&P { a: 2, b: 1 }, &P { a: 2, b: 0 }).is_gt(), 2);
        assert!(cmp::compare(&P { a: 2, b: 1 }, &P { a: 2, b: 1 }).is_eq(), 3);
        assert!(cmp::compare(&true, &false).is_gt() && cmp::compare(&1, &2).is_ne(), 4);
    }
}
