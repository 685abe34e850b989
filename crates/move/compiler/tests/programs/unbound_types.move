module 0x42::unbound_types {
    fun h(): Unknown { abort 1 }
    fun k(x: 0x42::nowhere::T) {}
}
