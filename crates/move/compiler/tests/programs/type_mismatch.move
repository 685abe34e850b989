module 0x42::type_mismatch {
    fun add(x: u64, y: u8): u64 { x + y }
    fun cond(): u64 { if (1) 2 else 3 }
    fun ret(): bool { 7 }
}
