// Publishing: a bundle of two modules, one a friend of the other (published together);
// new code is callable from the next transaction on; a module whose address is not the
// sender's (MODULE_ADDRESS_DOES_NOT_MATCH_SENDER, nothing written); a module importing one
// that is not published (MISSING_DEPENDENCY, nothing written, still refused after its
// dependency is published alone since the failed bundle is gone). `call` checks no
// visibility, so it reaches a friend function directly.
//# publish
module 0x42::a {
    friend 0x42::b;
    public fun value(): u64 { 7 }
    public(friend) fun secret(): u64 { 99 }
}
module 0x42::b {
    public fun both(): (u64, u64) { (0x42::a::value(), 0x42::a::secret()) }
}

//# call 0x42::b::both

//# publish --sender 0x43
module 0x42::wrong_sender {
    public fun f(): u64 { 1 }
}

//# call 0x42::wrong_sender::f

//# publish
module 0x44::user {
    public fun g(): u64 { 0x44::lib::h() + 1 }
}

//# call 0x44::user::g

//# publish
module 0x44::lib {
    public fun h(): u64 { 41 }
}

//# call 0x44::lib::h

//# call 0x42::a::secret

//# call 0x44::user::g
