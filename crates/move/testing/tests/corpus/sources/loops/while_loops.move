module corpus::while_loops {
    fun sum_to(n: u64): u64 {
        let s = 0;
        let i = 1;
        while (i <= n) { s = s + i; i = i + 1; };
        s
    }

    fun gcd(a: u64, b: u64): u64 {
        while (b != 0) {
            let t = a % b;
            a = b;
            b = t;
        };
        a
    }

    #[test]
    fun sums() {
        assert!(sum_to(0) == 0, 1);
        assert!(sum_to(10) == 55, 2);
        assert!(sum_to(100) == 5050, 3);
    }

    #[test]
    fun gcds() {
        assert!(gcd(48, 18) == 6, 1);
        assert!(gcd(17, 5) == 1, 2);
        assert!(gcd(0, 9) == 9, 3);
        assert!(gcd(1071, 462) == 21, 4);
    }
}
