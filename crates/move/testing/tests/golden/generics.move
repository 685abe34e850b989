// Generics: generic functions and structs, nested instantiations, phantom parameters,
// type-argument errors, generic resources keyed by their type argument, abilities checked at
// the entry point, type names through `type_info` (a module at 0x1 declaring the natives).
//# publish
module 0x1::type_info {
    struct TypeInfo has copy, drop, store { account_address: address, module_name: vector<u8>, struct_name: vector<u8> }
    public native fun type_of<T>(): TypeInfo;
    native fun type_name<T>(): std::string::String;
    public fun name<T>(): std::string::String { type_name<T>() }
}

//# publish
module 0x42::gen {
    use 0x1::type_info;

    struct Box<T> has copy, drop, store { v: T }
    struct Pair<A, B> has copy, drop { a: A, b: B }
    struct Coin<phantom C> has key, store { value: u64 }
    struct Usd {}
    struct Eur {}

    public fun id<T>(x: T): T { x }
    public fun boxed<T: copy>(x: T): (Box<T>, Box<Box<T>>) { (Box { v: x }, Box { v: Box { v: x } }) }
    public fun swap<A: drop, B: drop>(p: Pair<A, B>): Pair<B, A> { let Pair { a, b } = p; Pair { a: b, b: a } }
    public fun make_pair<A: copy + drop, B: copy + drop>(a: A, b: B): Pair<A, Box<vector<B>>> {
        Pair { a, b: Box { v: vector[b, b] } }
    }
    public fun count<T>(v: &vector<T>): u64 { v.length() }
    public fun len_of_boxes<T: drop>(n: u64, x: T): u64 {
        let v = vector<Box<u64>>[];
        for (i in 0..n) v.push_back(Box { v: i });
        count(&v) + count(&vector[x])
    }
    public fun name_of<T>(): std::string::String { type_info::name<T>() }
    public fun type_of<T>(): type_info::TypeInfo { type_info::type_of<T>() }
    // Coins of two phantom currencies live side by side at one address.
    public entry fun mint<C>(s: &signer, value: u64) { move_to(s, Coin<C> { value }) }
    public fun balance<C>(a: address): u64 acquires Coin { borrow_global<Coin<C>>(a).value }
    public entry fun needs_copy<T: copy + drop>(_x: u64) {}
}

//# call 0x42::gen::id --type-args u8 --args 7u8

//# call 0x42::gen::id --type-args vector<u64> --args vector[1,2]

//# call 0x42::gen::boxed --type-args bool --args true

//# call 0x42::gen::make_pair --type-args u64 address --args 5 @0xa

//# call 0x42::gen::len_of_boxes --type-args u128 --args 4 1u128

//# call 0x42::gen::id --args 7

//# call 0x42::gen::id --type-args u64 u64 --args 7

//# call 0x42::gen::name_of --type-args 0x42::gen::Pair<u64,vector<0x42::gen::Box<address>>>

//# call 0x42::gen::name_of --type-args 0x42::gen::Coin<0x42::gen::Usd>

//# call 0x42::gen::type_of --type-args 0x42::gen::Box<u8>

//# run 0x42::gen::mint --type-args 0x42::gen::Usd --signers 0xb0b --args 100

//# run 0x42::gen::mint --type-args 0x42::gen::Eur --signers 0xb0b --args 7

//# run 0x42::gen::mint --type-args 0x42::gen::Usd --signers 0xb0b --args 1

//# call 0x42::gen::balance --type-args 0x42::gen::Usd --args @0xb0b

//# call 0x42::gen::balance --type-args 0x42::gen::Eur --args @0xb0b

//# run 0x42::gen::needs_copy --type-args 0x42::gen::Coin<0x42::gen::Usd> --args 1

//# run 0x42::gen::needs_copy --type-args 0x42::gen::Box<u8> --args 1

//# run 0x42::gen::needs_copy --type-args 0x42::gen::Nope --args 1
