/// Unsigned fixed-point numbers with 32 integer and 32 fractional bits.
///
/// A `FixedPoint32` with raw value `v` stands for `v / 2^32`, so it covers 0 to just under
/// 2^32 in steps of 2^-32. Conversions and products round towards zero. (`aptos_std`'s
/// `fixed_point64` is the wider variant.)
module std::fixed_point32 {
    /// The number `value / 2^32`.
    struct FixedPoint32 has copy, drop, store { value: u64 }

    /// The largest `u64`, as a `u128` for range checks.
    const MAX_U64: u128 = 18446744073709551615;

    /// `create_from_rational` was given a zero denominator.
    const EDENOMINATOR: u64 = 0x10001;
    /// A quotient does not fit in a `u64`.
    const EDIVISION: u64 = 0x20002;
    /// A product does not fit in a `u64`.
    const EMULTIPLICATION: u64 = 0x20003;
    /// Division by a zero fixed-point number.
    const EDIVISION_BY_ZERO: u64 = 0x10004;
    /// The number cannot be represented: too large, or a non-zero ratio that rounds to zero.
    const ERATIO_OUT_OF_RANGE: u64 = 0x20005;

    /// The low 32 bits: the fractional part of a raw value.
    const FRACTION_MASK: u64 = 0xFFFFFFFF;
    /// One half, as a raw fractional part.
    const HALF: u64 = 0x80000000;

    /// `val * multiplier`, rounded down. Aborts with `EMULTIPLICATION` when the result does not
    /// fit in a `u64`.
    public fun multiply_u64(val: u64, multiplier: FixedPoint32): u64 {
        // The full product fits in 128 bits; dropping 32 fractional bits gives the integer.
        let product = ((val as u128) * (multiplier.value as u128)) >> 32;
        assert!(product <= MAX_U64, EMULTIPLICATION);
        (product as u64)
    }

    /// `val / divisor`, rounded down. Aborts with `EDIVISION_BY_ZERO` when `divisor` is zero
    /// and with `EDIVISION` when the result does not fit in a `u64`.
    public fun divide_u64(val: u64, divisor: FixedPoint32): u64 {
        assert!(divisor.value != 0, EDIVISION_BY_ZERO);
        // Give the dividend 32 fractional bits so that they cancel the divisor's.
        let quotient = ((val as u128) << 32) / (divisor.value as u128);
        assert!(quotient <= MAX_U64, EDIVISION);
        (quotient as u64)
    }

    /// `numerator / denominator` as a fixed-point number, rounded down. Aborts with
    /// `EDENOMINATOR` when the denominator is zero, and with `ERATIO_OUT_OF_RANGE` when the
    /// ratio is 2^32 or more, or is not zero but smaller than 2^-32.
    public fun create_from_rational(numerator: u64, denominator: u64): FixedPoint32 {
        assert!(denominator != 0, EDENOMINATOR);
        // (n * 2^64) / (d * 2^32) has exactly 32 fractional bits.
        let quotient = ((numerator as u128) << 64) / ((denominator as u128) << 32);
        assert!(quotient != 0 || numerator == 0, ERATIO_OUT_OF_RANGE);
        assert!(quotient <= MAX_U64, ERATIO_OUT_OF_RANGE);
        FixedPoint32 { value: (quotient as u64) }
    }

    /// The number whose raw value is `value` (that is, `value / 2^32`).
    public fun create_from_raw_value(value: u64): FixedPoint32 {
        FixedPoint32 { value }
    }

    /// The raw value of `self` (the number times 2^32).
    public fun get_raw_value(self: FixedPoint32): u64 {
        self.value
    }

    /// Whether `self` is zero.
    public fun is_zero(self: FixedPoint32): bool {
        self.value == 0
    }

    /// The smaller of the two.
    public fun min(num1: FixedPoint32, num2: FixedPoint32): FixedPoint32 {
        if (num2.value <= num1.value) num2 else num1
    }

    /// The larger of the two.
    public fun max(num1: FixedPoint32, num2: FixedPoint32): FixedPoint32 {
        if (num2.value >= num1.value) num2 else num1
    }

    /// The integer `val` as a fixed-point number. Aborts with `ERATIO_OUT_OF_RANGE` when
    /// `val >= 2^32`.
    public fun create_from_u64(val: u64): FixedPoint32 {
        let raw = (val as u128) << 32;
        assert!(raw <= MAX_U64, ERATIO_OUT_OF_RANGE);
        FixedPoint32 { value: (raw as u64) }
    }

    /// The largest integer not above `self`.
    public fun floor(self: FixedPoint32): u64 {
        self.value >> 32
    }

    /// The smallest integer not below `self`.
    public fun ceil(self: FixedPoint32): u64 {
        let whole = self.value >> 32;
        if ((self.value & FRACTION_MASK) == 0) whole else whole + 1
    }

    /// The nearest integer; a fractional part of exactly one half rounds up.
    public fun round(self: FixedPoint32): u64 {
        let whole = self.value >> 32;
        if ((self.value & FRACTION_MASK) < HALF) whole else whole + 1
    }
}
