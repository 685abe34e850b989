module corpus::gray_code {
    fun to_gray(n: u64): u64 { n ^ (n >> 1) }
    fun from_gray(g: u64): u64 {
        let n = g;
        let shift = 1;
        while (shift < 64) { n = n ^ (n >> shift); shift = shift * 2; };
        n
    }

    #[test]
    fun codes() {
        let expected = vector[0, 1, 3, 2, 6, 7, 5, 4];
        let i = 0;
        while (i < 8) {
            assert!(to_gray(i) == expected[i], i);
            assert!(from_gray(to_gray(i)) == i, 100 + i);
            i = i + 1;
        };
        assert!(from_gray(to_gray(123456789)) == 123456789, 200);
    }
}
