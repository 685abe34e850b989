module 0x42::cast_int_to_address {
    fun f(x: u64): address { (x as address) }
}
