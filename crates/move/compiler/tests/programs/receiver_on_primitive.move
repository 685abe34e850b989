module 0x42::receiver_on_primitive {
    fun f(x: u64): u64 { x.double() }
}
