module 0x42::ability_constraint_struct_instantiation {
    struct NoStore has drop {}
    struct Holder<T: store> has drop { v: T }
    fun f(): Holder<NoStore> { Holder { v: NoStore {} } }
}
