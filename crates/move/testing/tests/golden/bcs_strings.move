// Natives of MoveStdlib besides hashing: `bcs::to_bytes` of every kind of value (asserted
// against hand-derived encodings: little-endian integers, ULEB128 lengths, 32-byte
// addresses, structs as their fields, enum tags, options), `bcs::serialized_size`, the
// `string` natives (UTF-8 check, char boundaries, sub_string, index_of) and their aborts,
// `signer::address_of` / `borrow_address`, `cmp::compare`.
//# publish
module 0x42::natives {
    use std::bcs::{to_bytes, serialized_size};
    use std::string::{Self, String};
    use std::option;
    use std::signer;

    struct S has drop { a: u8, b: vector<u16>, c: address }
    enum E has drop { A, B(u32), C { x: bool } }

    public fun bcs_ints(): (vector<u8>, vector<u8>, vector<u8>, vector<u8>, vector<u8>, vector<u8>) {
        let (a, b, c) = (to_bytes(&7u8), to_bytes(&0x1234u16), to_bytes(&0xdeadbeefu32));
        let (d, e, f) = (to_bytes(&1u64), to_bytes(&(1u128 << 64)), to_bytes(&(1u256 << 255)));
        assert!(a == x"07" && b == x"3412" && c == x"efbeadde", 1);
        assert!(d == x"0100000000000000", 2);
        assert!(e == x"00000000000000000100000000000000", 3);
        assert!(f == x"0000000000000000000000000000000000000000000000000000000000000080", 4);
        (a, b, c, d, e, f)
    }
    public fun bcs_misc(): (vector<u8>, vector<u8>, vector<u8>, vector<u8>, vector<u8>) {
        let (a, b, c) = (to_bytes(&true), to_bytes(&@0xab), to_bytes(&b"hi"));
        let d = to_bytes(&string::utf8(b"h\xc3\xa9"));
        let e = to_bytes(&S { a: 1, b: vector[2, 3], c: @0x1 });
        assert!(a == x"01", 5);
        assert!(b == x"00000000000000000000000000000000000000000000000000000000000000ab", 6);
        assert!(c == x"026869" && d == x"0368c3a9", 7);
        assert!(e == x"0102020003000000000000000000000000000000000000000000000000000000000000000001", 8);
        (a, b, c, d, e)
    }
    public fun bcs_more(): (vector<u8>, vector<u8>, vector<u8>, vector<u8>, vector<u8>, vector<u8>) {
        let long = vector[];
        for (i in 0..200) long.push_back(0u8);
        let (a, b, c) = (to_bytes(&E::A), to_bytes(&E::B(5)), to_bytes(&E::C { x: true }));
        let (d, e) = (to_bytes(&option::some(9u8)), to_bytes(&option::none<u8>()));
        let f = to_bytes(&long).slice(0, 3);
        assert!(a == x"00" && b == x"0105000000" && c == x"0201", 9);
        assert!(d == x"0109" && e == x"00", 10);
        // 200 = 0xc8: ULEB128 c8 01, then the first element.
        assert!(f == x"c80100", 11);
        (a, b, c, d, e, f)
    }
    public fun sizes(): (u64, u64, u64) {
        (serialized_size(&S { a: 1, b: vector[2, 3], c: @0x1 }), serialized_size(&vector<u64>[1, 2]), serialized_size(&E::A))
    }
    public fun strings(): (String, u64, String, u64, u64, bool) {
        let s = string::utf8(b"h\xc3\xa9llo w\xc3\xb6rld");
        let len = s.length();
        let sub = s.sub_string(3, 7);
        let at = s.index_of(&string::utf8(b"w"));
        let missing = s.index_of(&string::utf8(b"xyz"));
        s.append(string::utf8(b"!"));
        s.insert(0, string::utf8(b">"));
        (s, len, sub, at, missing, string::try_utf8(x"c3").is_none())
    }
    public fun utf8(bytes: vector<u8>): String { string::utf8(bytes) }
    public fun sub(i: u64, j: u64): String { string::utf8(b"h\xc3\xa9llo").sub_string(i, j) }
    public fun insert_at(i: u64): String {
        let s = string::utf8(b"\xc3\xa9");
        s.insert(i, string::utf8(b"x"));
        s
    }
    public fun signers(s: &signer, t: signer): (address, address, bool) {
        let a = signer::address_of(s);
        let b = *signer::borrow_address(&t);
        (a, b, a == b)
    }
    public fun orderings(): (std::cmp::Ordering, std::cmp::Ordering, std::cmp::Ordering, std::cmp::Ordering, std::cmp::Ordering) {
        use std::cmp::compare;
        (compare(&1u64, &2), compare(&b"ab", &b"a"), compare(&@0x2, &@0x10),
         compare(&E::B(9), &E::C { x: false }), compare(&string::utf8(b"b"), &string::utf8(b"b")))
    }
}

//# call 0x42::natives::bcs_ints

//# call 0x42::natives::bcs_misc

//# call 0x42::natives::bcs_more

//# call 0x42::natives::sizes

//# call 0x42::natives::strings

//# call 0x42::natives::utf8 --args b"ok"

//# call 0x42::natives::utf8 --args x"ff"

//# call 0x42::natives::utf8 --args x"c3"

//# call 0x42::natives::utf8 --args x"eda080"

//# call 0x42::natives::sub --args 0 1

//# call 0x42::natives::sub --args 1 3

//# call 0x42::natives::sub --args 0 2

//# call 0x42::natives::sub --args 4 3

//# call 0x42::natives::sub --args 0 7

//# call 0x42::natives::insert_at --args 1

//# call 0x42::natives::insert_at --args 2

//# call 0x42::natives::signers --signers 0xa 0xb

//# call 0x42::natives::signers --signers 0xa 0xa

//# call 0x42::natives::orderings
