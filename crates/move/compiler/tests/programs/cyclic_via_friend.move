module 0x42::cyf_a {
    friend 0x42::cyclic_via_friend;
    use 0x42::cyclic_via_friend;
    public fun a(): u64 { cyclic_via_friend::b() }
}
module 0x42::cyclic_via_friend {
    public fun b(): u64 { 1 }
}
