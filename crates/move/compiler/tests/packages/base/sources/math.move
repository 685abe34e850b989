/// Arithmetic helpers used by the other fixture packages.
module base::math {
    const E_OVERFLOW: u64 = 1;

    public fun double(x: u64): u64 {
        assert!(x <= 9223372036854775807, E_OVERFLOW);
        x * 2
    }

    public fun max(a: u64, b: u64): u64 {
        if (a > b) a else b
    }
}
