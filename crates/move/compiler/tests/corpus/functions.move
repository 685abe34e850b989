module 0x1::funcs {
    use std::signer;

    friend 0x1::other;

    struct R has key { v: u64 }
    struct S<phantom T> has key { v: u64 }

    fun internal() {}
    public fun exposed(): u64 { 0 }
    public(friend) fun to_friends() {}
    public(package) fun to_package() {}
    friend fun also_friend() {}
    package fun also_package() {}
    friend entry fun friend_entry() {}
    public entry fun run(account: &signer, amount: u64) { let _ = signer::address_of(account); let _ = amount; }
    entry fun private_entry() {}
    entry public fun entry_first() {}
    native fun hash(data: vector<u8>): vector<u8>;
    public native fun sum<T>(v: &vector<T>): u128;
    native public(friend) fun secret(): u64;
    inline fun twice(x: u64): u64 { x * 2 }
    public inline fun apply<T>(x: T, f: |T| T): T { f(x) }
    fun generic<T: copy + drop, U: key, V>(t: T, _u: &U, _v: &mut V): (T, T) { (t, t) }
    fun unit_ret(): () {}
    fun tuple_ret(): (u64, bool, vector<u8>) { (1, true, b"") }
    fun refs(x: &u64, y: &mut u64): &u64 { *y = *x; x }
    fun reads_r(a: address): u64 acquires R { borrow_global<R>(a).v }
    fun reads_two(a: address): u64 acquires R, S { borrow_global<R>(a).v + borrow_global<S<u8>>(a).v }
    fun generic_acquires<T>(a: address): u64 acquires S { borrow_global<S<T>>(a).v }
    fun access(a: address) reads R(a) writes S<u8>(*) !reads 0x1::funcs::* {}
    fun pure_fn(): u64 pure { 1 }
    fun get(self: &R): u64 { self.v }
    fun set(self: &mut R, v: u64) { self.v = v }
    fun destroy(self: R) { let R { v: _ } = self; }
    fun fun_param(f: |u64, u64| u64, g: |&R| has drop): u64 { let _ = g; f(1, 2) }
}
