// Vectors: every vector instruction (literal pack, empty, length, borrow, borrow_mut,
// push_back, pop_back, swap, destroy_empty, unpack via a literal pattern is not Move: skipped),
// each error (VECTOR_OPERATION_ERROR sub-status 1 index out of bounds, 2 pop from empty,
// 3 destroy of a non-empty vector), stdlib functions built on them, and `vector::insert` /
// `remove` in the middle of a long vector, which use the `move_range` native.
//# publish
module 0x42::vecs {
    use std::vector;

    struct Item has copy, drop { id: u64, name: vector<u8> }

    public fun basics(): (vector<u64>, u64, u64, u64) {
        let v = vector::empty<u64>();
        v.push_back(10);
        v.push_back(20);
        v.push_back(30);
        let len = v.length();
        *v.borrow_mut(0) = 11;
        v.swap(0, 2);
        let popped = v.pop_back();
        (v, len, popped, *v.borrow(1))
    }
    public fun nested(): vector<vector<u8>> {
        let v = vector[b"ab", vector[], x"ff"];
        v[1].push_back(7);
        let first = v[0];
        v.push_back(first);
        v
    }
    public fun structs(): vector<Item> {
        let v = vector[Item { id: 1, name: b"one" }];
        v.push_back(Item { id: 2, name: b"two" });
        v[0].id = 100;
        v
    }
    public fun addresses(): vector<address> { vector[@0x1, @0xcafe, @0x0] }
    public fun borrow_at(i: u64): u64 { let v = vector[1, 2, 3]; *v.borrow(i) }
    public fun borrow_mut_at(i: u64) { let v = vector[1, 2, 3]; *v.borrow_mut(i) = 0; }
    public fun index_at(v: vector<u64>, i: u64): u64 { v[i] }
    public fun pop_n(n: u64): u64 {
        let v = vector[1u8];
        let i = 0;
        while (i < n) { v.pop_back(); i = i + 1 };
        v.length()
    }
    public fun swap_at(i: u64, j: u64): vector<u64> { let v = vector[1, 2, 3]; v.swap(i, j); v }
    public fun destroy(n: u64) {
        let v = vector::empty<u64>();
        let i = 0;
        while (i < n) { v.push_back(i); i = i + 1 };
        v.destroy_empty();
    }
    public fun stdlib(): (vector<u64>, bool, u64, vector<u64>, vector<u64>) {
        let v = vector::range(0, 6);
        v.reverse();
        let (found, at) = v.index_of(&2);
        let tail = v.trim(4);
        let w = vector[7, 8];
        w.append(tail);
        (v, found, at, w, vector::range_with_step(1, 12, 5))
    }
    // Long enough that insert/remove in the middle take the `move_range` path.
    public fun middle(): (vector<u64>, u64) {
        let v = vector::range(0, 12);
        v.insert(3, 100);
        let removed = v.remove(8);
        (v, removed)
    }
    public fun remove_oob(): u64 { let v = vector[1, 2]; v.remove(5) }
    public fun big(n: u64): (u64, u64) {
        let v = vector[];
        for (i in 0..n) v.push_back(i);
        let s = 0;
        v.for_each_ref(|x| s = s + *x);
        (v.length(), s)
    }
}

//# call 0x42::vecs::basics

//# call 0x42::vecs::nested

//# call 0x42::vecs::structs

//# call 0x42::vecs::addresses

//# call 0x42::vecs::borrow_at --args 2

//# call 0x42::vecs::borrow_at --args 3

//# call 0x42::vecs::borrow_mut_at --args 18446744073709551615

//# call 0x42::vecs::index_at --args vector[] 0

//# call 0x42::vecs::pop_n --args 1

//# call 0x42::vecs::pop_n --args 2

//# call 0x42::vecs::swap_at --args 0 2

//# call 0x42::vecs::swap_at --args 1 1

//# call 0x42::vecs::swap_at --args 0 3

//# call 0x42::vecs::destroy --args 0

//# call 0x42::vecs::destroy --args 1

//# call 0x42::vecs::stdlib

//# call 0x42::vecs::middle

//# call 0x42::vecs::remove_oob

//# call 0x42::vecs::big --args 1000
