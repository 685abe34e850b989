module 0x42::const_non_constant_call {
    fun g(): u64 { 1 }
    const C: u64 = g();
}
