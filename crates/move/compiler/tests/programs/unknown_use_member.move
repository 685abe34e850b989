module 0x42::unknown_use_member {
    use std::option::Nope;
    fun f() {}
}
