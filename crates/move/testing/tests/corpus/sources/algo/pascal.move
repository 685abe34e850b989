module corpus::pascal {
    fun row(n: u64): vector<u64> {
        let r = vector[1];
        for (_i in 0..n) {
            let next = vector[1];
            for (j in 1..r.length()) next.push_back(r[j - 1] + r[j]);
            next.push_back(1);
            r = next;
        };
        r
    }

    fun choose(n: u64, k: u64): u128 {
        let r: u128 = 1;
        let i = 0;
        while (i < k) {
            r = r * ((n - i) as u128) / ((i + 1) as u128);
            i = i + 1;
        };
        r
    }

    #[test]
    fun rows_and_binomials() {
        assert!(row(0) == vector[1], 1);
        assert!(row(4) == vector[1, 4, 6, 4, 1], 2);
        assert!(row(10)[5] == 252, 3);
        assert!(choose(10, 5) == 252, 4);
        assert!(choose(52, 5) == 2598960, 5);
        assert!(choose(60, 30) == 118264581564861424, 6);
    }
}
