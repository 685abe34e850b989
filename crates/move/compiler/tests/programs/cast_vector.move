module 0x42::cast_vector {
    fun f(v: vector<u8>): u64 { (v as u64) }
}
