module 0x42::unbound_names {
    use 0x42::nowhere;
    fun f(): u64 { y }
    fun g() { missing_fun(1) }
}
