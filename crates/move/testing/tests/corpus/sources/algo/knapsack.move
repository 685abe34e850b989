module corpus::knapsack {
    fun best(weights: &vector<u64>, values: &vector<u64>, cap: u64): u64 {
        let dp = vector[];
        for (_c in 0..(cap + 1)) { dp.push_back(0); };
        let n = weights.length();
        for (i in 0..n) {
            let w = weights[i];
            let c = cap;
            while (c >= w) {
                let with = dp[c - w] + values[i];
                if (with > dp[c]) dp[c] = with;
                if (c == 0) break;
                c = c - 1;
            };
        };
        dp[cap]
    }

    #[test]
    fun classic() {
        assert!(best(&vector[1, 3, 4, 5], &vector[1, 4, 5, 7], 7) == 9, 1);
        assert!(best(&vector[10, 20, 30], &vector[60, 100, 120], 50) == 220, 2);
        assert!(best(&vector[5], &vector[10], 4) == 0, 3);
    }
}
