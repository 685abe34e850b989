module 0x42::constants {
    const TOO_BIG: u8 = 256;
    const OVERFLOW: u64 = 18446744073709551615 + 1;
    const DIV: u64 = 1 / 0;
    const CYCLE_A: u64 = CYCLE_B;
    const CYCLE_B: u64 = CYCLE_A;
    const NOT_CONST: u64 = { let x = 1; x };
    const OK: u64 = 2 * (3 + 4) << 2;
    fun use_ok(): u64 { OK }
}
