module 0x42::ability_store_missing {
    struct Inner has drop { v: u64 }
    struct Outer has key { i: Inner }
}
