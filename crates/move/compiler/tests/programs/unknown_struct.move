module 0x42::unknown_struct {
    fun f(): Missing { abort 0 }
}
