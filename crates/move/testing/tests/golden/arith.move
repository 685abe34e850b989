// Integer arithmetic: every width, overflow, underflow, division by zero, shifts.
//# publish
module 0x42::arith {
    public fun add_u8(a: u8, b: u8): u8 { a + b }
    public fun sub_u64(a: u64, b: u64): u64 { a - b }
    public fun div(a: u64, b: u64): (u64, u64) { (a / b, a % b) }
    public fun shl_u8(a: u8, s: u8): u8 { a << s }
}

//# call 0x42::arith::add_u8 --args 200u8 55u8

//# call 0x42::arith::add_u8 --args 200u8 56u8

//# call 0x42::arith::sub_u64 --args 1 2

//# call 0x42::arith::div --args 17 5

//# call 0x42::arith::div --args 17 0

//# call 0x42::arith::shl_u8 --args 1u8 8u8
