module 0x42::cast_to_struct {
    struct S has drop { v: u64 }
    fun f(x: u64): S { (x as S) }
}
