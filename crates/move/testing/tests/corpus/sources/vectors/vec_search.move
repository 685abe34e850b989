module corpus::vec_search {
    use std::vector;

    #[test]
    fun contains_and_index_of() {
        let v = vector[3, 1, 4, 1, 5];
        assert!(vector::contains(&v, &4), 1);
        assert!(!v.contains(&9), 2);
        let (found, i) = v.index_of(&1);
        assert!(found && i == 1, 3);
        let (found2, j) = v.index_of(&42);
        assert!(!found2 && j == 0, 4);
    }

    #[test]
    fun find_with_predicate() {
        let v = vector[2, 4, 7, 8, 9];
        let (ok, i) = v.find(|x| *x % 2 == 1);
        assert!(ok && i == 2, 1);
        let (none, _) = v.find(|x| *x > 100);
        assert!(!none, 2);
    }
}
