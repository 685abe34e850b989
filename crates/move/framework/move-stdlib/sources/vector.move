/// Growable arrays of any element type.
///
/// The basic operations (`empty`, `length`, `borrow`, `borrow_mut`, `push_back`, `pop_back`,
/// `destroy_empty`, `swap`) are natives that compilers turn into vector bytecode instructions;
/// everything else is written here on top of them. Indices start at 0. The non-native
/// functions abort with the `E*` codes below; the natives abort with the VM's
/// `VECTOR_OPERATION_ERROR` status instead (sub-status 1 for an index out of bounds, 2 for a
/// pop from an empty vector, 3 for destroying a non-empty one).
///
/// Functions that take `self` can be called with receiver syntax: `v.length()`, `v.push_back(x)`.
module std::vector {
    use std::mem;

    /// An index is not inside the vector.
    const EINDEX_OUT_OF_BOUNDS: u64 = 0x20000;

    /// A range `[left, right)` has `left > right` (or a rotation point lies outside it).
    const EINVALID_RANGE: u64 = 0x20001;

    /// Two vectors that must have the same length do not. The inline `zip*` functions abort
    /// with this value written as a literal, since an inline body is expanded in the caller's
    /// module where this constant is not visible.
    const EVECTORS_LENGTH_MISMATCH: u64 = 0x20002;

    /// `range_with_step` was given a step of zero.
    const EINVALID_STEP: u64 = 0x20003;

    /// `slice` was given a range that is reversed or runs past the end.
    const EINVALID_SLICE_RANGE: u64 = 0x20004;

    // ---------------------------------------------------------------------------------------
    // Natives (bytecode instructions)

    #[bytecode_instruction]
    /// A new vector with no elements.
    native public fun empty<Element>(): vector<Element>;

    #[bytecode_instruction]
    /// The number of elements in `self`.
    native public fun length<Element>(self: &vector<Element>): u64;

    #[bytecode_instruction]
    /// A reference to element `i`; aborts when `i >= length(self)`.
    native public fun borrow<Element>(self: &vector<Element>, i: u64): &Element;

    #[bytecode_instruction]
    /// Adds `e` after the last element.
    native public fun push_back<Element>(self: &mut vector<Element>, e: Element);

    #[bytecode_instruction]
    /// A mutable reference to element `i`; aborts when `i >= length(self)`.
    native public fun borrow_mut<Element>(self: &mut vector<Element>, i: u64): &mut Element;

    #[bytecode_instruction]
    /// Removes and returns the last element; aborts when `self` is empty.
    native public fun pop_back<Element>(self: &mut vector<Element>): Element;

    #[bytecode_instruction]
    /// Consumes an empty vector; aborts when `self` still holds elements.
    native public fun destroy_empty<Element>(self: vector<Element>);

    #[bytecode_instruction]
    /// Exchanges elements `i` and `j`; aborts when either index is out of bounds.
    native public fun swap<Element>(self: &mut vector<Element>, i: u64, j: u64);

    // `move_range` is visible to friends only for now (Aptos widens it to `public` a release
    // later); the test module is a friend so that it can exercise the native directly.
    #[test_only]
    friend std::vector_tests;

    /// Takes the `length` elements starting at `removal_position` out of `from` (the elements
    /// after them close the gap, keeping their order) and inserts them, in order, into `to` at
    /// `insert_position` (the elements from there on move right). One native call does the
    /// whole shift, which is why `append`, `trim`, `insert` and `remove` use it.
    native public(friend) fun move_range<T>(
        from: &mut vector<T>,
        removal_position: u64,
        length: u64,
        to: &mut vector<T>,
        insert_position: u64
    );

    // ---------------------------------------------------------------------------------------
    // Construction and queries

    /// A vector holding just `e`.
    public fun singleton<Element>(e: Element): vector<Element> {
        let result = empty<Element>();
        push_back(&mut result, e);
        result
    }

    /// `range_with_step(start, end, 1)`: the numbers `start, start + 1, ..., end - 1`.
    public fun range(start: u64, end: u64): vector<u64> {
        range_with_step(start, end, 1)
    }

    /// The numbers `start, start + step, ...` that are below `end`. Aborts with
    /// `EINVALID_STEP` when `step` is zero.
    public fun range_with_step(start: u64, end: u64, step: u64): vector<u64> {
        assert!(step > 0, EINVALID_STEP);
        let result = empty<u64>();
        let next = start;
        while (next < end) {
            push_back(&mut result, next);
            next = next + step;
        };
        result
    }

    /// Whether `self` has no elements.
    public fun is_empty<Element>(self: &vector<Element>): bool {
        length(self) == 0
    }

    /// Whether some element of `self` equals `e`.
    public fun contains<Element>(self: &vector<Element>, e: &Element): bool {
        let n = length(self);
        let i = 0;
        while (i < n) {
            if (borrow(self, i) == e) {
                return true
            };
            i = i + 1;
        };
        false
    }

    /// `(true, i)` for the first `i` whose element equals `e`, `(false, 0)` when there is none.
    public fun index_of<Element>(self: &vector<Element>, e: &Element): (bool, u64) {
        let n = length(self);
        let i = 0;
        while (i < n) {
            if (borrow(self, i) == e) {
                return (true, i)
            };
            i = i + 1;
        };
        (false, 0)
    }

    /// A copy of the elements at indices `[start, end)`. Aborts with `EINVALID_SLICE_RANGE`
    /// unless `start <= end <= length(self)`.
    public fun slice<Element: copy>(
        self: &vector<Element>,
        start: u64,
        end: u64
    ): vector<Element> {
        assert!(start <= end && end <= length(self), EINVALID_SLICE_RANGE);
        let result = empty<Element>();
        let i = start;
        while (i < end) {
            push_back(&mut result, *borrow(self, i));
            i = i + 1;
        };
        result
    }

    // ---------------------------------------------------------------------------------------
    // Reordering

    /// Reverses the whole vector in place.
    public fun reverse<Element>(self: &mut vector<Element>) {
        let n = length(self);
        reverse_slice(self, 0, n);
    }

    /// Reverses the elements at indices `[left, right)` in place. Aborts with `EINVALID_RANGE`
    /// when `left > right`; an empty range changes nothing.
    public fun reverse_slice<Element>(self: &mut vector<Element>, left: u64, right: u64) {
        assert!(left <= right, EINVALID_RANGE);
        if (left == right) {
            return
        };
        // Walk two cursors towards each other; `hi` is inclusive.
        let lo = left;
        let hi = right - 1;
        while (lo < hi) {
            swap(self, lo, hi);
            lo = lo + 1;
            hi = hi - 1;
        };
    }

    /// Rotates the whole vector left by `rot`: the element at `rot` becomes the first one.
    /// Returns where the former first element now is (`length - rot`).
    public fun rotate<Element>(self: &mut vector<Element>, rot: u64): u64 {
        let n = length(self);
        rotate_slice(self, 0, rot, n)
    }

    /// Rotates the sub-range `[left, right)` so that the element at `rot` comes first in it.
    /// Needs `left <= rot <= right` (else `EINVALID_RANGE`). Returns the new index of the
    /// element that was at `left`, that is `left + (right - rot)`.
    public fun rotate_slice<Element>(
        self: &mut vector<Element>,
        left: u64,
        rot: u64,
        right: u64
    ): u64 {
        // Three reversals: (AB)' = B'A' and reversing again gives BA.
        reverse_slice(self, left, rot);
        reverse_slice(self, rot, right);
        reverse_slice(self, left, right);
        left + (right - rot)
    }

    // ---------------------------------------------------------------------------------------
    // Moving elements between vectors

    /// Moves every element of `other` to the end of `self`, keeping their order.
    public fun append<Element>(self: &mut vector<Element>, other: vector<Element>) {
        let at = length(self);
        let count = length(&other);
        move_range(&mut other, 0, count, self, at);
        destroy_empty(other);
    }

    /// Moves every element of `other` to the end of `self`, last element of `other` first.
    public fun reverse_append<Element>(self: &mut vector<Element>, other: vector<Element>) {
        let left = length(&other);
        while (left > 0) {
            push_back(self, pop_back(&mut other));
            left = left - 1;
        };
        destroy_empty(other);
    }

    /// Cuts `self` down to its first `new_len` elements and returns the rest, in their order.
    /// Aborts with `EINDEX_OUT_OF_BOUNDS` when `new_len > length(self)`.
    public fun trim<Element>(self: &mut vector<Element>, new_len: u64): vector<Element> {
        let n = length(self);
        assert!(new_len <= n, EINDEX_OUT_OF_BOUNDS);
        let tail = empty<Element>();
        move_range(self, new_len, n - new_len, &mut tail, 0);
        tail
    }

    /// Like `trim`, but the removed elements come back last-first.
    public fun trim_reverse<Element>(self: &mut vector<Element>, new_len: u64): vector<Element> {
        let n = length(self);
        assert!(new_len <= n, EINDEX_OUT_OF_BOUNDS);
        let tail = empty<Element>();
        while (n > new_len) {
            push_back(&mut tail, pop_back(self));
            n = n - 1;
        };
        tail
    }

    // ---------------------------------------------------------------------------------------
    // Single-element updates

    /// Puts `e` at index `i` (0 <= i <= length), shifting later elements right.
    /// Aborts with `EINDEX_OUT_OF_BOUNDS` when `i > length(self)`.
    public fun insert<Element>(self: &mut vector<Element>, i: u64, e: Element) {
        let n = length(self);
        assert!(i <= n, EINDEX_OUT_OF_BOUNDS);
        if (i + 2 >= n) {
            // Near the end a few swaps are cheaper than a temporary vector.
            push_back(self, e);
            let j = i;
            while (j < n) {
                swap(self, j, n);
                j = j + 1;
            };
        } else {
            let one = singleton(e);
            move_range(&mut one, 0, 1, self, i);
            destroy_empty(one);
        }
    }

    /// Takes out element `i`, shifting later elements left (order is kept).
    /// Aborts with `EINDEX_OUT_OF_BOUNDS` when `i >= length(self)`.
    public fun remove<Element>(self: &mut vector<Element>, i: u64): Element {
        let n = length(self);
        if (i >= n) {
            abort EINDEX_OUT_OF_BOUNDS
        };
        if (i + 3 >= n) {
            // Bubble the element to the end and pop it.
            let j = i;
            let last = n - 1;
            while (j < last) {
                swap(self, j, j + 1);
                j = j + 1;
            };
            pop_back(self)
        } else {
            let holder = empty<Element>();
            move_range(self, i, 1, &mut holder, 0);
            let e = pop_back(&mut holder);
            destroy_empty(holder);
            e
        }
    }

    /// Removes the first element equal to `val` and returns it inside a vector (empty when no
    /// element matched). A vector rather than an `Option` because `option` depends on this
    /// module.
    public fun remove_value<Element>(self: &mut vector<Element>, val: &Element): vector<Element> {
        let (found, i) = index_of(self, val);
        let result = empty<Element>();
        if (found) {
            push_back(&mut result, remove(self, i));
        };
        result
    }

    /// Takes out element `i` in constant time by moving the last element into its place
    /// (order is not kept). Aborts with `EINDEX_OUT_OF_BOUNDS` on an empty vector; an index
    /// past the end of a non-empty one fails in the native `swap`.
    public fun swap_remove<Element>(self: &mut vector<Element>, i: u64): Element {
        assert!(!is_empty(self), EINDEX_OUT_OF_BOUNDS);
        let last = length(self) - 1;
        swap(self, i, last);
        pop_back(self)
    }

    /// Stores `val` at index `i` and returns what was there.
    /// Aborts with `EINDEX_OUT_OF_BOUNDS` when `i >= length(self)`.
    public fun replace<Element>(self: &mut vector<Element>, i: u64, val: Element): Element {
        assert!(i < length(self), EINDEX_OUT_OF_BOUNDS);
        mem::replace(borrow_mut(self, i), val)
    }

    // ---------------------------------------------------------------------------------------
    // Higher-order functions (inline: expanded at each call site)

    /// Calls `f` on each element, first to last, consuming the vector.
    public inline fun for_each<Element>(self: vector<Element>, f: |Element|) {
        // Popping from the back is the cheap direction, so turn the vector around first.
        reverse(&mut self);
        for_each_reverse(self, |e| f(e));
    }

    /// Calls `f` on each element, last to first, consuming the vector.
    public inline fun for_each_reverse<Element>(self: vector<Element>, f: |Element|) {
        let remaining = length(&self);
        while (remaining > 0) {
            f(pop_back(&mut self));
            remaining = remaining - 1;
        };
        destroy_empty(self)
    }

    /// Calls `f` on a reference to each element, first to last.
    public inline fun for_each_ref<Element>(self: &vector<Element>, f: |&Element|) {
        let n = length(self);
        let i = 0;
        while (i < n) {
            f(borrow(self, i));
            i = i + 1
        }
    }

    /// Calls `f` on each pair `(self[i], v2[i])`, first to last, consuming both vectors.
    /// Aborts with 0x20002 (`EVECTORS_LENGTH_MISMATCH`) when the lengths differ.
    public inline fun zip<Element1, Element2>(self: vector<Element1>, v2: vector<Element2>, f: |Element1, Element2|) {
        reverse(&mut self);
        reverse(&mut v2);
        zip_reverse(self, v2, |a, b| f(a, b));
    }

    /// Calls `f` on each pair `(self[i], v2[i])`, last to first, consuming both vectors.
    /// Aborts with 0x20002 when the lengths differ.
    public inline fun zip_reverse<Element1, Element2>(
        self: vector<Element1>,
        v2: vector<Element2>,
        f: |Element1, Element2|,
    ) {
        let remaining = length(&self);
        assert!(remaining == length(&v2), 0x20002);
        while (remaining > 0) {
            f(pop_back(&mut self), pop_back(&mut v2));
            remaining = remaining - 1;
        };
        destroy_empty(self);
        destroy_empty(v2);
    }

    /// Calls `f` on references to each pair `(self[i], v2[i])`, first to last.
    /// Aborts with 0x20002 when the lengths differ.
    public inline fun zip_ref<Element1, Element2>(
        self: &vector<Element1>,
        v2: &vector<Element2>,
        f: |&Element1, &Element2|,
    ) {
        let n = length(self);
        assert!(n == length(v2), 0x20002);
        let i = 0;
        while (i < n) {
            f(borrow(self, i), borrow(v2, i));
            i = i + 1
        }
    }

    /// Calls `f` with each index and a reference to the element there.
    public inline fun enumerate_ref<Element>(self: &vector<Element>, f: |u64, &Element|) {
        let n = length(self);
        let i = 0;
        while (i < n) {
            f(i, borrow(self, i));
            i = i + 1;
        };
    }

    /// Calls `f` on a mutable reference to each element, first to last.
    public inline fun for_each_mut<Element>(self: &mut vector<Element>, f: |&mut Element|) {
        let n = length(self);
        let i = 0;
        while (i < n) {
            f(borrow_mut(self, i));
            i = i + 1
        }
    }

    /// Calls `f` on mutable references to each pair `(self[i], v2[i])`, first to last.
    /// Aborts with 0x20002 when the lengths differ.
    public inline fun zip_mut<Element1, Element2>(
        self: &mut vector<Element1>,
        v2: &mut vector<Element2>,
        f: |&mut Element1, &mut Element2|,
    ) {
        let n = length(self);
        assert!(n == length(v2), 0x20002);
        let i = 0;
        while (i < n) {
            f(borrow_mut(self, i), borrow_mut(v2, i));
            i = i + 1
        }
    }

    /// Calls `f` with each index and a mutable reference to the element there.
    public inline fun enumerate_mut<Element>(self: &mut vector<Element>, f: |u64, &mut Element|) {
        let n = length(self);
        let i = 0;
        while (i < n) {
            f(i, borrow_mut(self, i));
            i = i + 1;
        };
    }

    /// Left fold: with elements `a, b, c` the result is `f(f(f(init, a), b), c)`.
    public inline fun fold<Accumulator, Element>(
        self: vector<Element>,
        init: Accumulator,
        f: |Accumulator,Element|Accumulator
    ): Accumulator {
        let acc = init;
        for_each(self, |e| acc = f(acc, e));
        acc
    }

    /// Right fold: with elements `a, b, c` the result is `f(a, f(b, f(c, init)))`.
    public inline fun foldr<Accumulator, Element>(
        self: vector<Element>,
        init: Accumulator,
        f: |Element, Accumulator|Accumulator
    ): Accumulator {
        let acc = init;
        for_each_reverse(self, |e| acc = f(e, acc));
        acc
    }

    /// A new vector with `f` applied to a reference to each element; `self` is untouched.
    public inline fun map_ref<Element, NewElement>(
        self: &vector<Element>,
        f: |&Element|NewElement
    ): vector<NewElement> {
        let out = vector<NewElement>[];
        for_each_ref(self, |e| push_back(&mut out, f(e)));
        out
    }

    /// A new vector with `f` applied to references to each pair `(self[i], v2[i])`.
    /// Aborts with 0x20002 when the lengths differ.
    public inline fun zip_map_ref<Element1, Element2, NewElement>(
        self: &vector<Element1>,
        v2: &vector<Element2>,
        f: |&Element1, &Element2|NewElement
    ): vector<NewElement> {
        assert!(length(self) == length(v2), 0x20002);
        let out = vector<NewElement>[];
        zip_ref(self, v2, |a, b| push_back(&mut out, f(a, b)));
        out
    }

    /// A new vector with `f` applied to each element, consuming `self`.
    public inline fun map<Element, NewElement>(
        self: vector<Element>,
        f: |Element|NewElement
    ): vector<NewElement> {
        let out = vector<NewElement>[];
        for_each(self, |e| push_back(&mut out, f(e)));
        out
    }

    /// A new vector with `f` applied to each pair `(self[i], v2[i])`, consuming both.
    /// Aborts with 0x20002 when the lengths differ.
    public inline fun zip_map<Element1, Element2, NewElement>(
        self: vector<Element1>,
        v2: vector<Element2>,
        f: |Element1, Element2|NewElement
    ): vector<NewElement> {
        assert!(length(&self) == length(&v2), 0x20002);
        let out = vector<NewElement>[];
        zip(self, v2, |a, b| push_back(&mut out, f(a, b)));
        out
    }

    /// The elements for which `p` holds, in their order; the others are dropped.
    public inline fun filter<Element:drop>(
        self: vector<Element>,
        p: |&Element|bool
    ): vector<Element> {
        let kept = vector<Element>[];
        for_each(self, |e| {
            if (p(&e)) push_back(&mut kept, e);
        });
        kept
    }

    /// Moves the elements satisfying `pred` to the front and returns how many there are.
    /// The front part keeps its relative order; the back part may not.
    public inline fun partition<Element>(
        self: &mut vector<Element>,
        pred: |&Element|bool
    ): u64 {
        let n = length(self);
        // Skip the prefix that is already in place.
        let split = 0;
        while (split < n) {
            if (!pred(borrow(self, split))) break;
            split = split + 1;
        };
        let i = split + 1;
        while (i < n) {
            if (pred(borrow(self, i))) {
                swap(self, split, i);
                split = split + 1;
            };
            i = i + 1;
        };
        split
    }

    /// Like `partition`, but both parts keep their relative order.
    public inline fun stable_partition<Element>(
        self: &mut vector<Element>,
        p: |&Element|bool
    ): u64 {
        // Empty `self` from the back into two buckets (so each bucket is reversed), then
        // refill it from the back of each bucket, which restores the order.
        let yes = empty();
        let no = empty();
        let remaining = length(self);
        while (remaining > 0) {
            let e = pop_back(self);
            if (p(&e)) {
                push_back(&mut yes, e);
            } else {
                push_back(&mut no, e);
            };
            remaining = remaining - 1;
        };
        let count = length(&yes);
        reverse_append(self, yes);
        reverse_append(self, no);
        count
    }

    /// Whether `p` holds for at least one element (stops at the first that satisfies it).
    public inline fun any<Element>(
        self: &vector<Element>,
        p: |&Element|bool
    ): bool {
        let seen = false;
        let i = 0;
        let n = length(self);
        while (i < n) {
            if (p(borrow(self, i))) {
                seen = true;
                break
            };
            i = i + 1
        };
        seen
    }

    /// Whether `p` holds for every element (stops at the first that does not).
    public inline fun all<Element>(
        self: &vector<Element>,
        p: |&Element|bool
    ): bool {
        let every = true;
        let i = 0;
        let n = length(self);
        while (i < n) {
            if (!p(borrow(self, i))) {
                every = false;
                break
            };
            i = i + 1
        };
        every
    }

    /// `(true, i)` for the first index whose element satisfies `f`, else `(false, 0)`.
    public inline fun find<Element>(self: &vector<Element>, f: |&Element|bool): (bool, u64) {
        // An inline body cannot `return`, so the loop breaks out instead.
        let found = false;
        let at = 0;
        let i = 0;
        let n = length(self);
        while (i < n) {
            if (f(borrow(self, i))) {
                found = true;
                at = i;
                break
            };
            i = i + 1;
        };
        (found, at)
    }

    /// Consumes the vector, handing each element (last first) to `d`; for element types
    /// without `drop`.
    public inline fun destroy<Element>(
        self: vector<Element>,
        d: |Element|
    ) {
        for_each_reverse(self, |e| d(e))
    }
}
