module corpus::matrix {
    fun mul(a: &vector<vector<u64>>, b: &vector<vector<u64>>): vector<vector<u64>> {
        let n = a.length();
        let m = b[0].length();
        let k = b.length();
        let out = vector[];
        for (i in 0..n) {
            let row = vector[];
            for (j in 0..m) {
                let s = 0;
                for (t in 0..k) { s = s + a[i][t] * b[t][j]; };
                row.push_back(s);
            };
            out.push_back(row);
        };
        out
    }

    fun identity(n: u64): vector<vector<u64>> {
        let out = vector[];
        for (i in 0..n) {
            let row = vector[];
            for (j in 0..n) { row.push_back(if (i == j) 1 else 0); };
            out.push_back(row);
        };
        out
    }

    #[test]
    fun multiply() {
        let a = vector[vector[1, 2], vector[3, 4]];
        let b = vector[vector[5, 6], vector[7, 8]];
        assert!(mul(&a, &b) == vector[vector[19, 22], vector[43, 50]], 1);
        assert!(mul(&a, &identity(2)) == a, 2);
        let r = vector[vector[1, 2, 3]];
        let c = vector[vector[4], vector[5], vector[6]];
        assert!(mul(&r, &c) == vector[vector[32]], 3);
    }

    #[test]
    fun fibonacci_by_matrix_power() {
        let q = vector[vector[1, 1], vector[1, 0]];
        let p = identity(2);
        for (_i in 0..10) { p = mul(&p, &q); };
        assert!(p[0][1] == 55, 1);
    }
}
