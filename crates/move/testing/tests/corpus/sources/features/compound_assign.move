module corpus::compound_assign {
    struct S has drop { v: u64, w: vector<u8> }

    #[test]
    fun all_operators() {
        let x = 100u64;
        x += 5;   assert!(x == 105, 1);
        x -= 10;  assert!(x == 95, 2);
        x *= 2;   assert!(x == 190, 3);
        x /= 3;   assert!(x == 63, 4);
        x %= 10;  assert!(x == 3, 5);
        x <<= 4;  assert!(x == 48, 6);
        x >>= 1;  assert!(x == 24, 7);
        x |= 1;   assert!(x == 25, 8);
        x &= 12;  assert!(x == 8, 9);
        x ^= 15;  assert!(x == 7, 10);
    }

    #[test]
    fun on_fields_and_refs() {
        let s = S { v: 1, w: b"ab" };
        s.v += 9;
        s.w[0] += 1;
        let r = &mut s.v;
        *r *= 3;
        assert!(s.v == 30 && s.w == b"bb", 1);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun compound_overflow() {
        let x = 250u8;
        x += 6;
    }
}
