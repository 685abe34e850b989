module 0x42::inference {
    use std::vector;
    fun unknown_elem() { let v = vector::empty(); vector::destroy_empty(v); }
    fun ok(): u64 { let v = vector::empty(); vector::push_back(&mut v, 7u8); (vector::length(&v) as u64) }
}
