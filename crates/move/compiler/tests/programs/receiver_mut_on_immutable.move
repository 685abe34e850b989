module 0x42::receiver_mut_on_immutable {
    struct S has drop { v: u64 }
    fun bump(self: &mut S) { self.v = self.v + 1 }
    fun f(s: &S) { s.bump() }
}
