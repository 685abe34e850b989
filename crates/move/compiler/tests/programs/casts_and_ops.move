module 0x42::casts_and_ops {
    fun cast_bool(b: bool): u64 { (b as u64) }
    fun shift(x: u64): u64 { x << 70u64 }
    fun neg(x: u64): u64 { -x }
    fun cmp(a: bool, b: bool): bool { a < b }
    fun ok(x: u8): u128 { ((x as u128) << 3) + 1 }
}
