module 0x42::storage_op_on_type_parameter {
    fun has<T: key>(a: address): bool { exists<T>(a) }
}
