module 0x42::acq_other { struct R has key { v: u64 } }
module 0x42::acquires_other_module_type {
    fun f(): u64 acquires 0x42::acq_other::R { 1 }
}
