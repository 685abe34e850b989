module corpus::lambda_typed_params {
    inline fun apply2(a: u64, b: u64, f: |u64, u64| u64): u64 { f(a, b) }

    #[test]
    fun annotated_lambda_params() {
        assert!(apply2(6, 7, |x: u64, y: u64| x * y) == 42, 1);
        let v = vector[1u8, 2, 3].map(|b: u8| (b as u64) << 8);
        assert!(v == vector[256, 512, 768], 2);
        let s = vector[b"ab", b"c"].fold(0, |acc: u64, w: vector<u8>| acc + w.length());
        assert!(s == 3, 3);
    }

    #[test]
    fun typed_let_tuples() {
        let (a, b): (u64, bool) = (5, true);
        let (c, d): (vector<u8>, address) = (b"z", @0x9);
        assert!(a == 5 && b && c == b"z" && d == @0x9, 1);
    }
}
