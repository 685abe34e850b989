// Transaction entry points and their argument rules: entry functions with signer and value
// arguments (String, Option, vectors, addresses, u256), wrong argument and signer counts,
// a non-entry function, a function returning a value, invalid UTF-8 in a String argument,
// a view function with arguments and results, a script with type arguments that calls a
// module, a script that aborts (location `script`).
//# publish
module 0x42::shop {
    use std::string::String;
    use std::option::Option;
    use std::signer;

    struct Listing has key, drop { name: String, price: Option<u64>, tags: vector<String>, seller: address }

    public entry fun list(s: &signer, name: String, price: Option<u64>, tags: vector<String>) {
        move_to(s, Listing { name, price, tags, seller: signer::address_of(s) })
    }
    public entry fun no_signer(x: u256, to: address) { assert!(x > 0 && to != @0x0, 1) }
    public entry fun two(a: signer, b: &signer) {
        assert!(signer::address_of(&a) != signer::address_of(b), 2)
    }
    public fun not_entry(_s: &signer) {}
    public entry fun delist(s: &signer) acquires Listing { move_from<Listing>(signer::address_of(s)); }

    #[view]
    public fun price_of(seller: address, default: u64): (String, u64) acquires Listing {
        let l = borrow_global<Listing>(seller);
        (l.name, l.price.destroy_with_default(default))
    }
    #[view]
    public fun tag_count<T: drop>(seller: address): u64 acquires Listing { borrow_global<Listing>(seller).tags.length() }
    public fun not_view(seller: address): bool { exists<Listing>(seller) }
    #[view]
    public fun echo(v: vector<u8>, s: String): (vector<u8>, String) { (v, s) }
}

//# run 0x42::shop::list --signers 0xa --args b"lamp" vector[15] vector[b"home",b"light"]

//# run 0x42::shop::list --signers 0xb --args b"chair" vector[] vector[]

//# view 0x42::shop::price_of --args @0xa 0

//# view 0x42::shop::price_of --args @0xb 42

//# view 0x42::shop::tag_count --type-args bool --args @0xa

//# view 0x42::shop::echo --args x"00ff" b"h\xc3\xa9"

//# view 0x42::shop::echo --args x"" b"\xff"

//# view 0x42::shop::not_view --args @0xa

//# run 0x42::shop::list --signers 0xc --args x"ff" vector[] vector[]

//# run 0x42::shop::list --signers 0xc --args b"x" vector[1,2] vector[]

//# run 0x42::shop::list --signers 0xc --args b"x" vector[]

//# run 0x42::shop::list --args b"x" vector[] vector[]

//# run 0x42::shop::no_signer --args 1u256 @0xdead

//# run 0x42::shop::no_signer --args 0u256 @0xdead

//# run 0x42::shop::no_signer --args 1 @0xdead

//# run 0x42::shop::two --signers 0xa 0xb

//# run 0x42::shop::two --signers 0xa

//# run 0x42::shop::not_entry --signers 0xa

//# run 0x42::shop::missing --signers 0xa

//# run 0x42::nowhere::f --signers 0xa

//# run 0x42::shop::delist --signers 0xa

//# script --signers 0xd --type-args u64 --args b"desk" 3
script {
    use std::option;
    use std::string;
    fun main<T>(s: &signer, name: vector<u8>, copies: u64) {
        let tags = vector[];
        for (i in 0..copies) tags.push_back(string::utf8(b"tag"));
        0x42::shop::list(s, string::utf8(name), option::some(copies), tags);
    }
}

//# script --signers 0xe --args 5
script {
    fun fails(_s: &signer, x: u64) {
        assert!(x < 5, 77);
    }
}
