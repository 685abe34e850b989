module corpus::gcd_lcm {
    fun gcd(a: u128, b: u128): u128 { if (b == 0) a else gcd(b, a % b) }
    fun lcm(a: u128, b: u128): u128 { a / gcd(a, b) * b }

    fun ext_gcd(a: u128, b: u128): (u128, u128) {
        // returns (g, x) with a*x = g (mod b), x in [0, b)
        let (old_r, r) = (a, b);
        let (old_s, s) = (1u128, 0u128);
        // track s modulo b to stay unsigned
        while (r != 0) {
            let q = old_r / r;
            (old_r, r) = (r, old_r - q * r);
            let qs = (q % b) * s % b;
            (old_s, s) = (s, (old_s + b - qs) % b);
        };
        (old_r, old_s)
    }

    #[test]
    fun values() {
        assert!(gcd(462, 1071) == 21, 1);
        assert!(lcm(4, 6) == 12 && lcm(21, 6) == 42, 2);
        let l = 1;
        let i = 1;
        while (i <= 20) { l = lcm(l, i); i = i + 1; };
        assert!(l == 232792560, 3);
    }

    #[test]
    fun modular_inverse() {
        let (g, x) = ext_gcd(3, 11);
        assert!(g == 1 && x == 4, 1);
        let (g2, y) = ext_gcd(10, 17);
        assert!(g2 == 1 && (10 * y) % 17 == 1, 2);
    }
}
