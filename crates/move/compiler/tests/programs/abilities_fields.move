module 0x42::abilities_fields {
    struct NoCopy has drop { v: u64 }
    struct Bad has copy { inner: NoCopy }
    struct Keyed has key { inner: NoCopy }
}
