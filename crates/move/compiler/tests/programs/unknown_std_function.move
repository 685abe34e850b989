module 0x42::unknown_std_function {
    use std::vector;
    fun f(): u64 { vector::size(&vector[1]) }
}
