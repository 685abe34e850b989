module 0x42::cyc_a {
    use 0x42::cyc_b;
    public fun f(): u64 { cyc_b::g() }
}
module 0x42::cyc_b {
    use 0x42::cyc_a;
    public fun g(): u64 { cyc_a::f() }
}
