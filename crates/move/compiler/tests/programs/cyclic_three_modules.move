module 0x42::cyc_a {
    use 0x42::cyc_b;
    public fun a(): u64 { cyc_b::b() }
}
module 0x42::cyc_b {
    use 0x42::cyclic_three_modules;
    public fun b(): u64 { cyclic_three_modules::c() }
}
module 0x42::cyclic_three_modules {
    use 0x42::cyc_a;
    public fun c(): u64 { 1 }
    public fun d(): u64 { cyc_a::a() }
}
