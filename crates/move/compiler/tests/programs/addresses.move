module 0x42::addresses {
    fun named(): address { @unknown_name }
    fun too_long(): address { @0x11111111111111111111111111111111111111111111111111111111111111111 }
    fun ok(): address { @0x1 }
}
