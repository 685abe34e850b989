module corpus::digits {
    fun digit_sum(n: u256): u256 {
        let s = 0;
        while (n > 0) { s = s + n % 10; n = n / 10; };
        s
    }

    fun count_digits(n: u64): u8 {
        let c = 1;
        while (n >= 10) { n = n / 10; c = c + 1; };
        c
    }

    fun reverse_digits(n: u64): u64 {
        let r = 0;
        while (n > 0) { r = r * 10 + n % 10; n = n / 10; };
        r
    }

    #[test]
    fun digit_functions() {
        assert!(digit_sum(0) == 0 && digit_sum(12345) == 15, 1);
        assert!(digit_sum(115792089237316195423570985008687907853269984665640564039457584007913129639935) == 375, 2);
        assert!(count_digits(0) == 1 && count_digits(9) == 1 && count_digits(10) == 2, 3);
        assert!(count_digits(18446744073709551615) == 20, 4);
        assert!(reverse_digits(1230) == 321 && reverse_digits(7) == 7, 5);
    }
}
