module 0x42::match_guard_non_bool {
    enum E has drop { A(u64), B }
    fun f(e: E): u64 {
        match (e) { E::A(x) if (x) => 1, _ => 0 }
    }
}
