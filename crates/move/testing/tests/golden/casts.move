// Casts between every pair of widths: widening always works, narrowing works when the value
// fits and is ARITHMETIC_ERROR otherwise.
//# publish
module 0x42::casts {
    public fun widen(x: u8): (u16, u32, u64, u128, u256) {
        ((x as u16), (x as u32), (x as u64), (x as u128), (x as u256))
    }
    public fun u256_to_all(x: u256): (u8, u16, u32, u64, u128) {
        ((x as u8), (x as u16), (x as u32), (x as u64), (x as u128))
    }
    public fun to_u8(x: u64): u8 { (x as u8) }
    public fun to_u16(x: u32): u16 { (x as u16) }
    public fun to_u32(x: u128): u32 { (x as u32) }
    public fun to_u64(x: u256): u64 { (x as u64) }
    public fun to_u128(x: u256): u128 { (x as u128) }
    public fun u128_to_u8(x: u128): u8 { (x as u8) }
    // A cast inside arithmetic: the sum is computed in u64, then narrowed.
    public fun sum_bytes(a: u8, b: u8): u8 { ((a as u64) + (b as u64) - 256 as u8) }
}

//# call 0x42::casts::widen --args 255u8

//# call 0x42::casts::u256_to_all --args 255u256

//# call 0x42::casts::u256_to_all --args 256u256

//# call 0x42::casts::to_u8 --args 255

//# call 0x42::casts::to_u8 --args 256

//# call 0x42::casts::to_u16 --args 65535u32

//# call 0x42::casts::to_u16 --args 65536u32

//# call 0x42::casts::to_u32 --args 4294967295u128

//# call 0x42::casts::to_u32 --args 4294967296u128

//# call 0x42::casts::to_u64 --args 18446744073709551615u256

//# call 0x42::casts::to_u64 --args 18446744073709551616u256

//# call 0x42::casts::to_u128 --args 340282366920938463463374607431768211455u256

//# call 0x42::casts::to_u128 --args 340282366920938463463374607431768211456u256

//# call 0x42::casts::u128_to_u8 --args 340282366920938463463374607431768211455u128

//# call 0x42::casts::sum_bytes --args 200u8 100u8

//# call 0x42::casts::sum_bytes --args 255u8 255u8
