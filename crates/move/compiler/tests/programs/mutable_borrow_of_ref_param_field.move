module 0x42::mutable_borrow_of_ref_param_field {
    struct S has drop { v: u64 }
    fun f(s: &S): &mut u64 { &mut s.v }
}
