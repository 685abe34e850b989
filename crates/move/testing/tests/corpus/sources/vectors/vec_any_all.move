module corpus::vec_any_all {
    #[test]
    fun any_and_all() {
        let v = vector[2, 4, 6];
        assert!(v.all(|x| *x % 2 == 0), 1);
        assert!(!v.any(|x| *x > 6), 2);
        assert!(v.any(|x| *x == 4), 3);
        assert!(!v.all(|x| *x < 6), 4);
    }

    #[test]
    fun empty_vector_cases() {
        let e = vector<u64>[];
        assert!(e.all(|x| *x == 99), 1);
        assert!(!e.any(|_x| true), 2);
    }

    #[test]
    fun any_stops_early() {
        let calls = 0;
        let v = vector[1, 2, 3, 4, 5];
        let hit = v.any(|x| { calls = calls + 1; *x == 2 });
        assert!(hit && calls == 2, 1);
    }
}
