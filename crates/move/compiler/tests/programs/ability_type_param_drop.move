module 0x42::ability_type_param_drop {
    fun f<T>(_x: T) {}
}
