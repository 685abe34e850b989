module corpus::coin_change {
    const INF: u64 = 18446744073709551615;

    fun min_coins(coins: &vector<u64>, amount: u64): u64 {
        let dp = vector[0];
        for (a in 1..(amount + 1)) {
            let best = INF;
            coins.for_each_ref(|c| {
                if (*c <= a && dp[a - *c] != INF && dp[a - *c] + 1 < best) best = dp[a - *c] + 1;
            });
            dp.push_back(best);
        };
        dp[amount]
    }

    fun ways(coins: &vector<u64>, amount: u64): u64 {
        let dp = vector[1];
        for (_a in 0..amount) dp.push_back(0);
        coins.for_each_ref(|c| {
            for (a in *c..(amount + 1)) { dp[a] = dp[a] + dp[a - *c]; };
        });
        dp[amount]
    }

    #[test]
    fun change() {
        assert!(min_coins(&vector[1, 5, 10, 25], 63) == 6, 1);
        assert!(min_coins(&vector[1, 3, 4], 6) == 2, 2);
        assert!(min_coins(&vector[2], 3) == INF, 3);
        assert!(ways(&vector[1, 2, 5], 5) == 4, 4);
        assert!(ways(&vector[2, 5, 3, 6], 10) == 5, 5);
    }
}
