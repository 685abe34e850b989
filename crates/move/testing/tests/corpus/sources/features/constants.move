module corpus::constants {
    const U8: u8 = 255;
    const BIG: u128 = 1 << 100;
    const ADDR: address = @0xabc;
    const BYTES: vector<u8> = b"const";
    const NUMS: vector<u64> = vector[1, 2, 3];
    const FLAG: bool = true && !false;
    const EXPR: u64 = (2 + 3) * 4 - 1;
    const HEX: vector<u8> = x"dead";
    const NESTED: vector<vector<u8>> = vector[b"a", b""];

    #[test]
    fun values() {
        assert!(U8 == 255, 1);
        assert!(BIG == 1267650600228229401496703205376, 2);
        assert!(ADDR == @0xabc, 3);
        assert!(BYTES.length() == 5, 4);
        assert!(NUMS[2] == 3, 5);
        assert!(FLAG, 6);
        assert!(EXPR == 19, 7);
        assert!(HEX == vector[0xde, 0xad], 8);
        assert!(NESTED[0] == b"a" && NESTED[1].length() == 0, 9);
    }

    #[test]
    fun constants_are_copied() {
        let v = NUMS;
        v.push_back(4);
        assert!(v.length() == 4 && NUMS.length() == 3, 1);
    }
}
