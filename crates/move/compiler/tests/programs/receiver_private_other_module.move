module 0x42::recv_a {
    struct S has drop { v: u64 }
    public fun make(): S { S { v: 1 } }
    fun peek(self: &S): u64 { self.v }
}
module 0x42::receiver_private_other_module {
    fun f(): u64 { 0x42::recv_a::make().peek() }
}
