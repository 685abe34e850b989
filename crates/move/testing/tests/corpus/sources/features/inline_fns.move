module corpus::inline_fns {
    inline fun apply(x: u64, f: |u64| u64): u64 { f(x) }
    inline fun twice(x: u64, f: |u64| u64): u64 { f(f(x)) }
    inline fun repeat_n(n: u64, f: |u64|) {
        let i = 0;
        while (i < n) { f(i); i = i + 1; }
    }
    inline fun square(x: u64): u64 { x * x }

    #[test]
    fun lambdas_capture_locals() {
        let k = 7;
        assert!(apply(3, |x| x + k) == 10, 1);
        assert!(twice(3, |x| x * k) == 147, 2);
        let total = 0;
        repeat_n(5, |i| total = total + i * k);
        assert!(total == 70, 3);
    }

    #[test]
    fun plain_inline() {
        assert!(square(12) == 144, 1);
        assert!(apply(square(2), |x| square(x)) == 16, 2);
    }

    #[test]
    fun nested_lambdas() {
        let acc = vector[];
        repeat_n(3, |i| repeat_n(2, |j| acc.push_back(i * 10 + j)));
        assert!(acc == vector[0, 1, 10, 11, 20, 21], 1);
    }
}
