module 0x42::match_arm_types_differ {
    enum E has drop { A, B }
    fun f(e: E): u64 {
        match (e) { E::A => 1, E::B => b"no" }
    }
}
