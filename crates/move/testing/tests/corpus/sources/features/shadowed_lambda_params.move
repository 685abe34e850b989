module corpus::shadowed_lambda_params {
    #[test]
    fun params_shadow_locals() {
        let x = 100;
        let v = vector[1, 2, 3].map(|x| x + 1);
        assert!(v == vector[2, 3, 4] && x == 100, 1);
        let total = 0;
        vector[10, 20].for_each(|total_in| total = total + total_in);
        assert!(total == 30, 2);
        let nested = vector[vector[1, 2], vector[3]].map(|row| row.fold(0, |acc, x| acc + x * x));
        assert!(nested == vector[5, 9], 3);
    }
}
