module corpus::vec_map_filter {
    #[test]
    fun map_squares() {
        let v = vector[1, 2, 3, 4];
        let sq = v.map(|x| x * x);
        assert!(sq == vector[1, 4, 9, 16], 1);
    }

    #[test]
    fun map_ref_changes_type() {
        let v = vector[1u64, 300];
        let small = v.map_ref(|x| *x < 256);
        assert!(small == vector[true, false], 1);
        assert!(v == vector[1, 300], 2);
    }

    #[test]
    fun filter_keeps_matching() {
        let v = vector[5, 12, 7, 20, 3];
        let big = v.filter(|x| *x >= 7);
        assert!(big == vector[12, 7, 20], 1);
    }

    #[test]
    fun partition_splits() {
        let v = vector[1, 2, 3, 4, 5, 6];
        let k = v.stable_partition(|x| *x % 2 == 0);
        assert!(k == 3, 1);
        assert!(v == vector[2, 4, 6, 1, 3, 5], 2);
    }

    #[test]
    fun partition_counts() {
        let v = vector[9, 1, 8, 2];
        let k = v.partition(|x| *x > 5);
        assert!(k == 2, 1);
        assert!(v[0] > 5 && v[1] > 5 && v[2] <= 5 && v[3] <= 5, 2);
    }
}
