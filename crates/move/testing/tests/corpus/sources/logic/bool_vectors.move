module corpus::bool_vectors {
    fun count_true(v: &vector<bool>): u64 {
        let n = 0;
        v.for_each_ref(|b| if (*b) n = n + 1);
        n
    }

    fun majority(v: &vector<bool>): bool { count_true(v) * 2 > v.length() }

    fun parity(v: &vector<bool>): bool { v.fold(false, |acc, b| acc != b) }

    #[test]
    fun aggregates() {
        let v = vector[true, false, true, true];
        assert!(count_true(&v) == 3, 1);
        assert!(majority(&v) && !majority(&vector[true, false]), 2);
        assert!(parity(&v) && !parity(&vector[true, true]), 3);
        assert!(!parity(&vector[]), 4);
    }
}
