module 0x42::borrow_return_ref_to_param_value {
    struct S has drop { v: u64 }
    fun f(s: S): &u64 { &s.v }
}
