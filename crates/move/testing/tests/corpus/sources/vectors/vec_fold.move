module corpus::vec_fold {
    #[test]
    fun fold_sum_and_product() {
        assert!(vector[1, 2, 3, 4].fold(0, |acc, x| acc + x) == 10, 1);
        assert!(vector[1, 2, 3, 4].fold(1, |acc, x| acc * x) == 24, 2);
        assert!(vector<u64>[].fold(42, |acc, x| acc + x) == 42, 3);
    }

    #[test]
    fun fold_is_left_to_right() {
        let digits = vector[1, 2, 3];
        assert!(digits.fold(0, |acc, d| acc * 10 + d) == 123, 1);
    }

    #[test]
    fun foldr_is_right_to_left() {
        let digits = vector[1, 2, 3];
        assert!(digits.foldr(0, |d, acc| acc * 10 + d) == 321, 1);
    }

    #[test]
    fun fold_into_vector() {
        let rev = vector[1, 2, 3].fold(vector[], |acc, x| {
            let acc = acc;
            acc.insert(0, x);
            acc
        });
        assert!(rev == vector[3, 2, 1], 1);
    }
}
