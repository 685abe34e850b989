module 0x1::exprs {
    use std::vector;

    const MAX: u64 = 18446744073709551615;
    const BIG: u256 = 0xFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF;
    const MILLION: u64 = 1_000_000u64;
    const SMALL: u8 = 0x1Fu8;
    const BYTES: vector<u8> = b"hello\n\t\"quoted\"\\ \x41\0";
    const HEX: vector<u8> = x"deadBEEF00";
    const EMPTY_HEX: vector<u8> = x"";
    const ADDR: address = @0x1;
    const NAMED: address = @std;
    const ADDRS: vector<address> = vector[@0x1, @0xCAFE];
    const NESTED: vector<vector<u8>> = vector[vector[1, 2], vector[]];
    const T: bool = true && !false;
    const SUFFIXES: vector<u128> = vector[1u128];

    struct S has copy, drop { a: u64, b: bool }
    struct G<T> has copy, drop { t: T }
    struct P(u64, bool) has copy, drop;

    fun literals(): u64 {
        let _ = 1u8 + 2u8;
        let _ = 3u16;
        let _ = 4u32;
        let _ = 5u64;
        let _ = 6u128;
        let _ = 7u256;
        let _ = 0x0;
        let _ = @0x42;
        let _: vector<u64> = vector<u64>[];
        let _ = vector<vector<u8>>[vector[1u8]];
        MAX
    }

    fun operators(a: u64, b: u64, c: bool): u64 {
        let x = a + b * 2 - (a / 3) % 7;
        let y = (a << 2) | (b >> 1) & 0xFF ^ a;
        let z = a == b || a != b && a < b || a > b || a <= b || a >= b;
        let w = !c && !(a == 0);
        let _ = z && w;
        let v = (x as u128);
        let u = (y as u8 as u64);
        let _ = v;
        u + x
    }

    fun borrows(s: &mut S, v: &mut vector<u64>): u64 {
        let r = &s.a;
        let m = &mut s.b;
        *m = true;
        let i = *r;
        let first = *vector::borrow(v, 0);
        let e = &mut v[0];
        *e = *e + 1;
        let copied = copy i;
        let moved = move copied;
        let d = *&moved;
        d + first
    }

    fun packs(): (S, G<u64>, P) {
        let a = 1;
        let s = S { a, b: false };
        let g = G<u64> { t: 3 };
        let p = P(1, true);
        let _ = S { a: 1, b: true, };
        let _ = p.0;
        let _ = s.a;
        (s, g, p)
    }

    fun annotations(): u64 {
        let x = (1: u64);
        let (a, b) = (x, (true: bool));
        let _ = b;
        let _ = ();
        let _unit: () = ();
        a
    }

    fun calls(v: vector<u64>): u64 {
        let n = vector::length(&v);
        let m = 0x1::vector::length<u64>(&v);
        let e = std::vector::empty<u64>();
        assert!(n == m, 1);
        assert!(vector::is_empty(&e), MAX);
        n
    }

    fun comparisons(a: u64, b: u64): bool {
        // With spaces `<` compares; `f<T>(..)` needs no space.
        a < b && b > a && a<= b && vector::length<u64>(&vector[]) < a
    }
}
