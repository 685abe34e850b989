module corpus::all_constant_types {
    const A_U8: u8 = 1;
    const A_U16: u16 = 2;
    const A_U32: u32 = 3;
    const A_U64: u64 = 4;
    const A_U128: u128 = 5;
    const A_U256: u256 = 6;
    const A_BOOL: bool = false;
    const A_ADDR: address = @0x7;
    const A_BYTES: vector<u8> = x"08";
    const A_VEC_U16: vector<u16> = vector[9, 10];
    const A_VEC_BOOL: vector<bool> = vector[true];
    const A_VEC_ADDR: vector<address> = vector[@0xb];
    const A_VEC_U256: vector<u256> = vector[12];

    #[test]
    fun loads_every_constant_kind() {
        let sum = (A_U8 as u256) + (A_U16 as u256) + (A_U32 as u256) + (A_U64 as u256)
            + (A_U128 as u256) + A_U256;
        assert!(sum == 21, 1);
        assert!(!A_BOOL && A_ADDR == @0x7 && A_BYTES == vector[8], 2);
        assert!(A_VEC_U16[1] == 10 && A_VEC_BOOL[0] && A_VEC_ADDR[0] == @0xb && A_VEC_U256[0] == 12, 3);
    }
}
