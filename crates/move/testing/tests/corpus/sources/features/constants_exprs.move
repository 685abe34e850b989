module corpus::constants_exprs {
    const SECONDS_PER_DAY: u64 = 24 * 60 * 60;
    const DAYS: u64 = 7;
    const WEEK: u64 = SECONDS_PER_DAY * DAYS;
    const MASK: u8 = 0xF0 | 0x0F;
    const SHIFTED: u128 = (1u128 << 64) - 1;
    const NEG_CHECK: bool = 5 > 3 && !(2 == 3);
    const CAST: u16 = (300u64 as u16);
    const ADDRS: vector<address> = vector[@0x1, @corpus];

    #[test]
    fun folded_constants() {
        assert!(SECONDS_PER_DAY == 86400, 1);
        assert!(WEEK == 604800, 2);
        assert!(MASK == 255, 3);
        assert!(SHIFTED == 18446744073709551615, 4);
        assert!(NEG_CHECK, 5);
        assert!(CAST == 300, 6);
        assert!(ADDRS[1] == @0xc0, 7);
    }
}
