module 0x42::receivers {
    use std::vector;
    struct Counter has drop { n: u64 }
    fun bump(self: &mut Counter) { self.n = self.n + 1 }
    fun get(self: &Counter): u64 { self.n }
    fun no_self(c: &Counter): u64 { c.n }
    fun ok(): u64 { let c = Counter { n: 0 }; c.bump(); c.bump(); let v = vector[1, 2, 3]; v.push_back(4); c.get() + v.length() + v[3] }
    fun bad(): u64 { let c = Counter { n: 0 }; c.no_self() + c.missing() }
}
