// Comparisons, bitwise operators and booleans (short-circuit evaluation included), equality
// of composite values.
//# publish
module 0x42::logic {
    struct P has copy, drop { a: u64, b: vector<u8> }

    public fun cmp_u64(a: u64, b: u64): (bool, bool, bool, bool, bool, bool) {
        (a < b, a <= b, a > b, a >= b, a == b, a != b)
    }
    public fun cmp_u256(a: u256, b: u256): (bool, bool, bool) { (a < b, a == b, a > b) }
    public fun bits_u8(a: u8, b: u8): (u8, u8, u8) { (a & b, a | b, a ^ b) }
    public fun bits_u128(a: u128, b: u128): (u128, u128, u128) { (a & b, a | b, a ^ b) }
    public fun bools(a: bool, b: bool): (bool, bool, bool, bool) { (a && b, a || b, !a, a != b) }
    // `||` and `&&` skip their right side: a division by zero is never evaluated.
    public fun short_circuit(x: u64): (bool, bool) {
        (x == 0 || 10 / x > 1, x != 0 && 10 / x > 1)
    }
    public fun eq_structs(a: u64, b: u64): (bool, bool) {
        let p = P { a, b: b"xy" };
        let q = P { a: b, b: b"xy" };
        (p == q, &p == &q)
    }
    public fun eq_vectors(): (bool, bool, bool) {
        (vector[1, 2, 3] == vector[1, 2, 3], vector[1, 2] == vector[1, 2, 3], b"" == vector[])
    }
    public fun eq_addresses(a: address, b: address): bool { a == b }
}

//# call 0x42::logic::cmp_u64 --args 1 2

//# call 0x42::logic::cmp_u64 --args 2 2

//# call 0x42::logic::cmp_u64 --args 3 2

//# call 0x42::logic::cmp_u256 --args 115792089237316195423570985008687907853269984665640564039457584007913129639935u256 1u256

//# call 0x42::logic::bits_u8 --args 204u8 170u8

//# call 0x42::logic::bits_u128 --args 340282366920938463463374607431768211455u128 18446744073709551616u128

//# call 0x42::logic::bools --args true false

//# call 0x42::logic::bools --args true true

//# call 0x42::logic::short_circuit --args 0

//# call 0x42::logic::short_circuit --args 3

//# call 0x42::logic::eq_structs --args 7 7

//# call 0x42::logic::eq_structs --args 7 8

//# call 0x42::logic::eq_vectors

//# call 0x42::logic::eq_addresses --args @0x1 @0x0000000000000000000000000000000000000000000000000000000000000001

//# call 0x42::logic::eq_addresses --args @0x1 @0x2
