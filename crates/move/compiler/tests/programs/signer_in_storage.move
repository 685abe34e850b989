module 0x42::signer_in_storage {
    struct Keep has key { s: signer }
}
