module 0x42::ability_field_weaker_than_struct {
    struct Inner { v: u64 }
    struct Outer has copy, drop { i: Inner }
}
