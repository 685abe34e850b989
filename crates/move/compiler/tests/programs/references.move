module 0x42::references {
    struct S has drop { f: u64 }
    fun write_imm(s: &S) { s.f = 1 }
    fun deref_value(x: u64): u64 { *x }
    fun mut_from_imm(s: &S): &mut u64 { &mut s.f }
    fun ok(s: &mut S): u64 { s.f = s.f + 1; let r = &s.f; *r }
}
