module corpus::vec_transpose {
    fun transpose(m: &vector<vector<u8>>): vector<vector<u8>> {
        let rows = m.length();
        let cols = m[0].length();
        let out = vector[];
        for (c in 0..cols) {
            let row = vector[];
            for (r in 0..rows) row.push_back(m[r][c]);
            out.push_back(row);
        };
        out
    }

    #[test]
    fun transposes() {
        let m = vector[vector[1u8, 2, 3], vector[4, 5, 6]];
        let t = transpose(&m);
        assert!(t == vector[vector[1, 4], vector[2, 5], vector[3, 6]], 1);
        assert!(transpose(&t) == m, 2);
    }
}
