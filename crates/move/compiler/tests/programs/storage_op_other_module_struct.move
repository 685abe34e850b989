module 0x42::som_a { struct R has key { v: u64 } }
module 0x42::storage_op_other_module_struct {
    fun f(a: address): u64 acquires 0x42::som_a::R { borrow_global<0x42::som_a::R>(a).v }
}
