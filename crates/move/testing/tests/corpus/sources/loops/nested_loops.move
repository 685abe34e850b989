module corpus::nested_loops {
    fun count_pairs_summing_to(n: u64, target: u64): u64 {
        let c = 0;
        let i = 0;
        while (i < n) {
            let j = i + 1;
            while (j < n) {
                if (i + j == target) c = c + 1;
                j = j + 1;
            };
            i = i + 1;
        };
        c
    }

    fun primes_below(n: u64): u64 {
        let count = 0;
        for (k in 2..n) {
            let is_prime = true;
            let d = 2;
            while (d * d <= k) {
                if (k % d == 0) { is_prime = false; break };
                d = d + 1;
            };
            if (is_prime) count = count + 1;
        };
        count
    }

    #[test]
    fun pairs() {
        // (0,5) (1,4) (2,3)
        assert!(count_pairs_summing_to(6, 5) == 3, 1);
        assert!(count_pairs_summing_to(3, 10) == 0, 2);
    }

    #[test]
    fun primes() {
        assert!(primes_below(10) == 4, 1);
        assert!(primes_below(30) == 10, 2);
        assert!(primes_below(100) == 25, 3);
    }
}
