// Integer arithmetic in every width: results, overflow, underflow, division and modulo by
// zero, shifts at and past the bit width (ARITHMETIC_ERROR), u128/u256 extremes.
//# publish
module 0x42::arith {
    public fun add_u8(a: u8, b: u8): u8 { a + b }
    public fun add_u16(a: u16, b: u16): u16 { a + b }
    public fun add_u32(a: u32, b: u32): u32 { a + b }
    public fun add_u64(a: u64, b: u64): u64 { a + b }
    public fun add_u128(a: u128, b: u128): u128 { a + b }
    public fun add_u256(a: u256, b: u256): u256 { a + b }
    public fun sub_u64(a: u64, b: u64): u64 { a - b }
    public fun sub_u256(a: u256, b: u256): u256 { a - b }
    public fun mul_u32(a: u32, b: u32): u32 { a * b }
    public fun mul_u128(a: u128, b: u128): u128 { a * b }
    public fun mul_u256(a: u256, b: u256): u256 { a * b }
    public fun div_mod(a: u64, b: u64): (u64, u64) { (a / b, a % b) }
    public fun mod_u8(a: u8, b: u8): u8 { a % b }
    public fun div_u256(a: u256, b: u256): u256 { a / b }
    public fun shl_u8(a: u8, s: u8): u8 { a << s }
    public fun shr_u64(a: u64, s: u8): u64 { a >> s }
    public fun shl_u256(a: u256, s: u8): u256 { a << s }
    public fun shr_u256(a: u256, s: u8): u256 { a >> s }
    // Compound assignment and precedence in one expression.
    public fun mixed(x: u64): u64 {
        let y = x;
        y += 3;
        y *= 2;
        y -= 1;
        y /= 3;
        y %= 100;
        y + x * 2 - (x / 2) % 3
    }
    // The maximum of each width, computed with arithmetic (wrapping is an error, so it
    // builds the value from shifts and subtraction).
    public fun maxes(): (u8, u16, u32, u64, u128, u256) {
        (
            ((1u16 << 8) - 1 as u8),
            ((1u32 << 16) - 1 as u16),
            ((1u64 << 32) - 1 as u32),
            ((1u128 << 64) - 1 as u64),
            ((1u256 << 128) - 1 as u128),
            0u256 - 0 + 115792089237316195423570985008687907853269984665640564039457584007913129639935
        )
    }
}

//# call 0x42::arith::add_u8 --args 200u8 55u8

//# call 0x42::arith::add_u8 --args 200u8 56u8

//# call 0x42::arith::add_u16 --args 65535u16 1u16

//# call 0x42::arith::add_u32 --args 4294967295u32 0u32

//# call 0x42::arith::add_u64 --args 18446744073709551615 1

//# call 0x42::arith::add_u128 --args 340282366920938463463374607431768211455u128 0u128

//# call 0x42::arith::add_u128 --args 340282366920938463463374607431768211455u128 1u128

//# call 0x42::arith::add_u256 --args 115792089237316195423570985008687907853269984665640564039457584007913129639935u256 1u256

//# call 0x42::arith::sub_u64 --args 5 5

//# call 0x42::arith::sub_u64 --args 1 2

//# call 0x42::arith::sub_u256 --args 0u256 1u256

//# call 0x42::arith::mul_u32 --args 65536u32 65535u32

//# call 0x42::arith::mul_u32 --args 65536u32 65536u32

//# call 0x42::arith::mul_u128 --args 18446744073709551616u128 18446744073709551615u128

//# call 0x42::arith::mul_u128 --args 18446744073709551616u128 18446744073709551616u128

//# call 0x42::arith::mul_u256 --args 340282366920938463463374607431768211456u256 340282366920938463463374607431768211456u256

//# call 0x42::arith::div_mod --args 17 5

//# call 0x42::arith::div_mod --args 17 0

//# call 0x42::arith::mod_u8 --args 7u8 0u8

//# call 0x42::arith::div_u256 --args 115792089237316195423570985008687907853269984665640564039457584007913129639935u256 340282366920938463463374607431768211456u256

//# call 0x42::arith::shl_u8 --args 129u8 1u8

//# call 0x42::arith::shl_u8 --args 1u8 7u8

//# call 0x42::arith::shl_u8 --args 1u8 8u8

//# call 0x42::arith::shr_u64 --args 18446744073709551615 63u8

//# call 0x42::arith::shr_u64 --args 1 64u8

//# call 0x42::arith::shl_u256 --args 1u256 255u8

//# call 0x42::arith::shr_u256 --args 115792089237316195423570985008687907853269984665640564039457584007913129639935u256 255u8

//# call 0x42::arith::mixed --args 10

//# call 0x42::arith::maxes
