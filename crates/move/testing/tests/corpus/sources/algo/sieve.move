module corpus::sieve {
    fun primes_up_to(n: u64): vector<u64> {
        let is = vector[];
        let i = 0;
        while (i <= n) { is.push_back(i >= 2); i = i + 1; };
        let p = 2;
        while (p * p <= n) {
            if (is[p]) {
                let m = p * p;
                while (m <= n) { is[m] = false; m = m + p; };
            };
            p = p + 1;
        };
        let out = vector[];
        is.enumerate_ref(|k, b| if (*b) out.push_back(k));
        out
    }

    #[test]
    fun small_primes() {
        assert!(primes_up_to(20) == vector[2, 3, 5, 7, 11, 13, 17, 19], 1);
        assert!(primes_up_to(1) == vector[], 2);
        assert!(primes_up_to(2) == vector[2], 3);
    }

    #[test]
    fun count_below_1000() {
        let ps = primes_up_to(1000);
        assert!(ps.length() == 168, 1);
        assert!(ps[167] == 997, 2);
    }
}
