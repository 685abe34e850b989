#[test_only]
/// Tests of `std::vector`. Abort codes are written as numbers: 0x20000 index out of bounds,
/// 0x20001 invalid range, 0x20002 length mismatch, 0x20003 invalid step, 0x20004 invalid
/// slice range; failures inside the natives are `vector_error` with minor status 1 (index out
/// of bounds), 2 (pop from empty) or 3 (destroy non-empty).
module std::vector_tests {
    use std::vector;

    /// An element type without `drop` or `copy`, so that tests show which functions hand
    /// every element back.
    struct Token has store { id: u64 }

    /// An element type with `drop` only.
    struct Tag has drop { id: u64 }

    fun burn(t: Token): u64 {
        let Token { id } = t;
        id
    }

    fun burn_all(v: vector<Token>): u64 {
        let sum = 0;
        while (!vector::is_empty(&v)) {
            sum = sum + burn(vector::pop_back(&mut v));
        };
        vector::destroy_empty(v);
        sum
    }

    /// 0, 1, ..., n - 1 built with push_back only (independent of `range`).
    fun upto(n: u64): vector<u64> {
        let v = vector::empty<u64>();
        let i = 0;
        while (i < n) {
            vector::push_back(&mut v, i);
            i = i + 1;
        };
        v
    }

    // ----- natives --------------------------------------------------------------------------

    #[test]
    fun empty_has_length_zero() {
        let v = vector::empty<u64>();
        assert!(vector::length(&v) == 0, 0);
        assert!(vector::is_empty(&v), 1);
        vector::destroy_empty(v);
    }

    #[test]
    fun push_back_then_borrow() {
        let v = vector::empty<u8>();
        vector::push_back(&mut v, 7);
        vector::push_back(&mut v, 9);
        assert!(vector::length(&v) == 2, 0);
        assert!(*vector::borrow(&v, 0) == 7, 1);
        assert!(*vector::borrow(&v, 1) == 9, 2);
    }

    #[test]
    fun borrow_mut_writes_in_place() {
        let v = vector[1u64, 2, 3];
        *vector::borrow_mut(&mut v, 1) = 20;
        assert!(v == vector[1, 20, 3], 0);
    }

    #[test]
    fun pop_back_returns_last_first() {
        let v = vector[1u64, 2, 3];
        assert!(vector::pop_back(&mut v) == 3, 0);
        assert!(vector::pop_back(&mut v) == 2, 1);
        assert!(vector::pop_back(&mut v) == 1, 2);
        assert!(vector::is_empty(&v), 3);
    }

    #[test]
    fun swap_exchanges_two_elements() {
        let v = vector[10u64, 20, 30];
        vector::swap(&mut v, 0, 2);
        assert!(v == vector[30, 20, 10], 0);
        vector::swap(&mut v, 1, 1);
        assert!(v == vector[30, 20, 10], 1);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun borrow_past_end_fails() {
        let v = vector[1u64];
        vector::borrow(&v, 1);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun borrow_mut_past_end_fails() {
        let v = vector<u64>[];
        *vector::borrow_mut(&mut v, 0) = 1;
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 2, location = Self)]
    fun pop_back_empty_fails() {
        let v = vector::empty<u64>();
        vector::pop_back(&mut v);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 3, location = Self)]
    fun destroy_empty_non_empty_fails() {
        let v = vector[Token { id: 1 }];
        vector::destroy_empty(v);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun swap_out_of_bounds_fails() {
        let v = vector[1u64, 2];
        vector::swap(&mut v, 0, 2);
    }

    // ----- move_range -----------------------------------------------------------------------

    #[test]
    fun move_range_middle_to_middle() {
        let from = vector[1u64, 2, 3, 4, 5];
        let to = vector[10u64, 20, 30];
        vector::move_range(&mut from, 1, 3, &mut to, 2);
        assert!(from == vector[1, 5], 0);
        assert!(to == vector[10, 20, 2, 3, 4, 30], 1);
    }

    #[test]
    fun move_range_to_end_and_front() {
        let from = vector[1u64, 2, 3];
        let to = vector[9u64];
        vector::move_range(&mut from, 0, 2, &mut to, 1);
        assert!(from == vector[3], 0);
        assert!(to == vector[9, 1, 2], 1);
        vector::move_range(&mut to, 1, 2, &mut from, 0);
        assert!(from == vector[1, 2, 3], 2);
        assert!(to == vector[9], 3);
    }

    #[test]
    fun move_range_zero_length_changes_nothing() {
        let from = vector[1u64, 2];
        let to = vector[3u64];
        vector::move_range(&mut from, 2, 0, &mut to, 1);
        assert!(from == vector[1, 2], 0);
        assert!(to == vector[3], 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun move_range_past_source_end_fails() {
        let from = vector[1u64, 2];
        let to = vector<u64>[];
        vector::move_range(&mut from, 1, 2, &mut to, 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun move_range_insert_past_end_fails() {
        let from = vector[1u64, 2];
        let to = vector[5u64];
        vector::move_range(&mut from, 0, 1, &mut to, 2);
    }

    // ----- singleton, range, contains, index_of, slice --------------------------------------

    #[test]
    fun singleton_holds_one() {
        let v = vector::singleton(@0x42);
        assert!(vector::length(&v) == 1, 0);
        assert!(*vector::borrow(&v, 0) == @0x42, 1);
        let t = vector::singleton(Token { id: 5 });
        assert!(burn_all(t) == 5, 2);
    }

    #[test]
    fun range_counts_up() {
        assert!(vector::range(0, 5) == vector[0, 1, 2, 3, 4], 0);
        assert!(vector::range(3, 4) == vector[3], 1);
        assert!(vector::range(4, 4) == vector[], 2);
        assert!(vector::range(9, 2) == vector[], 3);
    }

    #[test]
    fun range_with_step_skips() {
        assert!(vector::range_with_step(0, 10, 3) == vector[0, 3, 6, 9], 0);
        assert!(vector::range_with_step(1, 10, 3) == vector[1, 4, 7], 1);
        assert!(vector::range_with_step(5, 6, 100) == vector[5], 2);
        assert!(vector::range_with_step(6, 6, 1) == vector[], 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20003, location = std::vector)]
    fun range_with_step_zero_fails() {
        vector::range_with_step(0, 10, 0);
    }

    #[test]
    fun contains_finds_present_values() {
        let v = vector[3u64, 1, 4, 1, 5];
        assert!(vector::contains(&v, &4), 0);
        assert!(vector::contains(&v, &5), 1);
        assert!(!vector::contains(&v, &2), 2);
        assert!(!vector::contains(&vector<u64>[], &0), 3);
    }

    #[test]
    fun index_of_reports_first_match() {
        let v = vector[3u64, 1, 4, 1, 5];
        let (found, i) = vector::index_of(&v, &1);
        assert!(found && i == 1, 0);
        let (found, i) = vector::index_of(&v, &5);
        assert!(found && i == 4, 1);
        let (found, i) = vector::index_of(&v, &9);
        assert!(!found && i == 0, 2);
    }

    #[test]
    fun slice_copies_a_window() {
        let v = vector[0u64, 1, 2, 3, 4];
        assert!(vector::slice(&v, 1, 4) == vector[1, 2, 3], 0);
        assert!(vector::slice(&v, 0, 5) == v, 1);
        assert!(vector::slice(&v, 2, 2) == vector[], 2);
        assert!(vector::slice(&v, 5, 5) == vector[], 3);
        assert!(vector::length(&v) == 5, 4);
    }

    #[test]
    #[expected_failure(abort_code = 0x20004, location = std::vector)]
    fun slice_reversed_fails() {
        vector::slice(&vector[1u64, 2, 3], 2, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20004, location = std::vector)]
    fun slice_past_end_fails() {
        vector::slice(&vector[1u64, 2, 3], 1, 4);
    }

    // ----- reverse, rotate ------------------------------------------------------------------

    #[test]
    fun reverse_whole() {
        let v = vector[1u64, 2, 3, 4];
        vector::reverse(&mut v);
        assert!(v == vector[4, 3, 2, 1], 0);
        let odd = vector[1u64, 2, 3];
        vector::reverse(&mut odd);
        assert!(odd == vector[3, 2, 1], 1);
        let none = vector<u64>[];
        vector::reverse(&mut none);
        assert!(none == vector[], 2);
        let one = vector[8u64];
        vector::reverse(&mut one);
        assert!(one == vector[8], 3);
    }

    #[test]
    fun reverse_slice_part() {
        let v = vector[0u64, 1, 2, 3, 4, 5];
        vector::reverse_slice(&mut v, 1, 4);
        assert!(v == vector[0, 3, 2, 1, 4, 5], 0);
        vector::reverse_slice(&mut v, 2, 2);
        assert!(v == vector[0, 3, 2, 1, 4, 5], 1);
        vector::reverse_slice(&mut v, 4, 6);
        assert!(v == vector[0, 3, 2, 1, 5, 4], 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::vector)]
    fun reverse_slice_backwards_fails() {
        let v = vector[0u64, 1, 2];
        vector::reverse_slice(&mut v, 2, 1);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = std::vector)]
    fun reverse_slice_past_end_fails() {
        let v = vector[0u64, 1, 2];
        vector::reverse_slice(&mut v, 0, 4);
    }

    #[test]
    fun rotate_left() {
        let v = vector[1u64, 2, 3, 4, 5];
        let at = vector::rotate(&mut v, 2);
        assert!(v == vector[3, 4, 5, 1, 2], 0);
        assert!(at == 3, 1);
        let w = vector[1u64, 2, 3];
        assert!(vector::rotate(&mut w, 0) == 3, 2);
        assert!(w == vector[1, 2, 3], 3);
        assert!(vector::rotate(&mut w, 3) == 0, 4);
        assert!(w == vector[1, 2, 3], 5);
    }

    #[test]
    fun rotate_slice_inner() {
        let v = vector[0u64, 1, 2, 3, 4, 5, 6];
        let at = vector::rotate_slice(&mut v, 1, 3, 6);
        assert!(v == vector[0, 3, 4, 5, 1, 2, 6], 0);
        assert!(at == 4, 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::vector)]
    fun rotate_slice_rot_before_left_fails() {
        let v = vector[1u64, 2, 3];
        vector::rotate_slice(&mut v, 2, 1, 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20001, location = std::vector)]
    fun rotate_slice_rot_after_right_fails() {
        let v = vector[1u64, 2, 3];
        vector::rotate_slice(&mut v, 0, 3, 2);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = std::vector)]
    fun rotate_past_length_fails() {
        // rot > length passes the range checks of the first reversal, whose swap then
        // reaches past the end.
        let v = vector[1u64, 2];
        vector::rotate(&mut v, 3);
    }

    // ----- append, reverse_append, trim ------------------------------------------------------

    #[test]
    fun append_keeps_order() {
        let v = vector[1u64, 2];
        vector::append(&mut v, vector[3, 4, 5]);
        assert!(v == vector[1, 2, 3, 4, 5], 0);
        vector::append(&mut v, vector[]);
        assert!(v == vector[1, 2, 3, 4, 5], 1);
        let e = vector<u64>[];
        vector::append(&mut e, vector[7]);
        assert!(e == vector[7], 2);
    }

    #[test]
    fun append_moves_resources() {
        let v = vector[Token { id: 1 }];
        vector::append(&mut v, vector[Token { id: 2 }, Token { id: 3 }]);
        assert!(vector::length(&v) == 3, 0);
        assert!(vector::borrow(&v, 2).id == 3, 1);
        assert!(burn_all(v) == 6, 2);
    }

    #[test]
    fun reverse_append_reverses_other() {
        let v = vector[1u64];
        vector::reverse_append(&mut v, vector[2, 3, 4]);
        assert!(v == vector[1, 4, 3, 2], 0);
    }

    #[test]
    fun trim_splits_off_tail() {
        let v = vector[1u64, 2, 3, 4, 5];
        let tail = vector::trim(&mut v, 2);
        assert!(v == vector[1, 2], 0);
        assert!(tail == vector[3, 4, 5], 1);
        let rest = vector::trim(&mut v, 2);
        assert!(rest == vector[], 2);
        let all = vector::trim(&mut v, 0);
        assert!(all == vector[1, 2], 3);
        assert!(v == vector[], 4);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun trim_longer_fails() {
        let v = vector[1u64, 2];
        vector::trim(&mut v, 3);
    }

    #[test]
    fun trim_reverse_returns_tail_backwards() {
        let v = vector[1u64, 2, 3, 4, 5];
        let tail = vector::trim_reverse(&mut v, 2);
        assert!(v == vector[1, 2], 0);
        assert!(tail == vector[5, 4, 3], 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun trim_reverse_longer_fails() {
        let v = vector<u64>[];
        vector::trim_reverse(&mut v, 1);
    }

    // ----- insert, remove, remove_value, swap_remove, replace --------------------------------

    #[test]
    fun insert_everywhere() {
        // Every position in vectors long enough to take both the swap path and the
        // move_range path.
        let n = 0;
        while (n < 7) {
            let i = 0;
            while (i <= n) {
                let v = upto(n);
                vector::insert(&mut v, i, 100);
                assert!(vector::length(&v) == n + 1, n * 10 + i);
                let j = 0;
                while (j <= n) {
                    let want = if (j < i) j else if (j == i) 100 else j - 1;
                    assert!(*vector::borrow(&v, j) == want, 1000 + n * 10 + i);
                    j = j + 1;
                };
                i = i + 1;
            };
            n = n + 1;
        }
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun insert_past_end_fails() {
        let v = vector[1u64, 2];
        vector::insert(&mut v, 3, 0);
    }

    #[test]
    fun remove_everywhere() {
        let n = 1;
        while (n < 8) {
            let i = 0;
            while (i < n) {
                let v = upto(n);
                let e = vector::remove(&mut v, i);
                assert!(e == i, n * 10 + i);
                assert!(vector::length(&v) == n - 1, 100 + n * 10 + i);
                let j = 0;
                while (j < n - 1) {
                    let want = if (j < i) j else j + 1;
                    assert!(*vector::borrow(&v, j) == want, 1000 + n * 10 + i);
                    j = j + 1;
                };
                i = i + 1;
            };
            n = n + 1;
        }
    }

    #[test]
    fun remove_resource() {
        let v = vector[Token { id: 1 }, Token { id: 2 }, Token { id: 3 }];
        let t = vector::remove(&mut v, 0);
        assert!(burn(t) == 1, 0);
        assert!(vector::borrow(&v, 0).id == 2, 1);
        assert!(burn_all(v) == 5, 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun remove_past_end_fails() {
        let v = vector[1u64, 2];
        vector::remove(&mut v, 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun remove_from_empty_fails() {
        let v = vector<u64>[];
        vector::remove(&mut v, 0);
    }

    #[test]
    fun remove_value_first_only() {
        let v = vector[1u64, 2, 3, 2];
        let got = vector::remove_value(&mut v, &2);
        assert!(got == vector[2], 0);
        assert!(v == vector[1, 3, 2], 1);
        let none = vector::remove_value(&mut v, &9);
        assert!(none == vector[], 2);
        assert!(v == vector[1, 3, 2], 3);
    }

    #[test]
    fun swap_remove_moves_last_in() {
        let v = vector[1u64, 2, 3, 4];
        assert!(vector::swap_remove(&mut v, 1) == 2, 0);
        assert!(v == vector[1, 4, 3], 1);
        assert!(vector::swap_remove(&mut v, 2) == 3, 2);
        assert!(v == vector[1, 4], 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun swap_remove_empty_fails() {
        let v = vector<u64>[];
        vector::swap_remove(&mut v, 0);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = std::vector)]
    fun swap_remove_past_end_fails() {
        let v = vector[1u64];
        vector::swap_remove(&mut v, 1);
    }

    #[test]
    fun replace_returns_old() {
        let v = vector[1u64, 2, 3];
        assert!(vector::replace(&mut v, 1, 20) == 2, 0);
        assert!(v == vector[1, 20, 3], 1);
        let t = vector[Token { id: 1 }];
        let old = vector::replace(&mut t, 0, Token { id: 9 });
        assert!(burn(old) == 1, 2);
        assert!(burn_all(t) == 9, 3);
    }

    #[test]
    #[expected_failure(abort_code = 0x20000, location = std::vector)]
    fun replace_past_end_fails() {
        let v = vector[1u64];
        vector::replace(&mut v, 1, 0);
    }

    // ----- receiver syntax ------------------------------------------------------------------

    #[test]
    fun receiver_calls() {
        let v = vector[5u64, 6];
        v.push_back(7);
        assert!(v.length() == 3, 0);
        assert!(*v.borrow(2) == 7, 1);
        assert!(v.contains(&6), 2);
        v.reverse();
        assert!(v == vector[7, 6, 5], 3);
        assert!(v.pop_back() == 5, 4);
        assert!(!v.is_empty(), 5);
    }

    // ----- for_each family ------------------------------------------------------------------

    #[test]
    fun for_each_visits_in_order() {
        let seen = vector<u64>[];
        vector::for_each(vector[1u64, 2, 3], |e| vector::push_back(&mut seen, e));
        assert!(seen == vector[1, 2, 3], 0);
    }

    #[test]
    fun for_each_consumes_resources() {
        let total = 0;
        vector::for_each(vector[Token { id: 4 }, Token { id: 5 }], |t| total = total + burn(t));
        assert!(total == 9, 0);
    }

    #[test]
    fun for_each_reverse_visits_backwards() {
        let seen = vector<u64>[];
        vector::for_each_reverse(vector[1u64, 2, 3], |e| vector::push_back(&mut seen, e));
        assert!(seen == vector[3, 2, 1], 0);
    }

    #[test]
    fun for_each_ref_leaves_vector() {
        let v = vector[1u64, 2, 3];
        let sum = 0;
        vector::for_each_ref(&v, |e| sum = sum + *e);
        assert!(sum == 6, 0);
        assert!(v == vector[1, 2, 3], 1);
    }

    #[test]
    fun for_each_mut_updates() {
        let v = vector[1u64, 2, 3];
        vector::for_each_mut(&mut v, |e| *e = *e * 10);
        assert!(v == vector[10, 20, 30], 0);
    }

    #[test]
    fun for_each_on_empty_does_nothing() {
        let calls = 0;
        vector::for_each(vector<u64>[], |_e| calls = calls + 1);
        vector::for_each_ref(&vector<u64>[], |_e| calls = calls + 1);
        assert!(calls == 0, 0);
    }

    #[test]
    fun enumerate_ref_passes_indices() {
        let v = vector[10u64, 20, 30];
        let acc = 0;
        vector::enumerate_ref(&v, |i, e| acc = acc + i * *e);
        assert!(acc == 0 * 10 + 1 * 20 + 2 * 30, 0);
    }

    #[test]
    fun enumerate_mut_writes_indices() {
        let v = vector[0u64, 0, 0];
        vector::enumerate_mut(&mut v, |i, e| *e = i + 1);
        assert!(v == vector[1, 2, 3], 0);
    }

    // ----- zip family -----------------------------------------------------------------------

    #[test]
    fun zip_pairs_in_order() {
        let out = vector<u64>[];
        vector::zip(vector[1u64, 2, 3], vector[10u64, 20, 30], |a, b| vector::push_back(&mut out, a + b));
        assert!(out == vector[11, 22, 33], 0);
    }

    #[test]
    fun zip_reverse_pairs_backwards() {
        let out = vector<u64>[];
        vector::zip_reverse(vector[1u64, 2, 3], vector[10u64, 20, 30], |a, b| vector::push_back(&mut out, a * b));
        assert!(out == vector[90, 40, 10], 0);
    }

    #[test]
    fun zip_ref_reads_both() {
        let a = vector[1u64, 2];
        let b = vector[true, false];
        let picked = 0;
        vector::zip_ref(&a, &b, |x, keep| if (*keep) picked = picked + *x);
        assert!(picked == 1, 0);
    }

    #[test]
    fun zip_mut_swaps_pairs() {
        let a = vector[1u64, 2];
        let b = vector[3u64, 4];
        vector::zip_mut(&mut a, &mut b, |x, y| {
            let t = *x;
            *x = *y;
            *y = t;
        });
        assert!(a == vector[3, 4], 0);
        assert!(b == vector[1, 2], 1);
    }

    #[test]
    fun zip_map_and_zip_map_ref() {
        let sums = vector::zip_map(vector[1u64, 2], vector[3u64, 4], |a, b| a + b);
        assert!(sums == vector[4, 6], 0);
        let a = vector[5u64, 6];
        let b = vector[1u64, 2];
        let diffs = vector::zip_map_ref(&a, &b, |x, y| *x - *y);
        assert!(diffs == vector[4, 4], 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_length_mismatch_fails() {
        vector::zip(vector[1u64], vector[1u64, 2], |_a, _b| {});
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_reverse_length_mismatch_fails() {
        vector::zip_reverse(vector[1u64, 2], vector<u64>[], |_a, _b| {});
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_ref_length_mismatch_fails() {
        let a = vector[1u64];
        let b = vector<u64>[];
        vector::zip_ref(&a, &b, |_a, _b| {});
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_mut_length_mismatch_fails() {
        let a = vector[1u64];
        let b = vector[1u64, 2];
        vector::zip_mut(&mut a, &mut b, |_a, _b| {});
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_map_length_mismatch_fails() {
        vector::zip_map(vector[1u64], vector[1u64, 2], |a, b| a + b);
    }

    #[test]
    #[expected_failure(abort_code = 0x20002, location = Self)]
    fun zip_map_ref_length_mismatch_fails() {
        let a = vector[1u64, 2];
        let b = vector[1u64];
        vector::zip_map_ref(&a, &b, |x, y| *x + *y);
    }

    // ----- folds and maps -------------------------------------------------------------------

    #[test]
    fun fold_is_left_to_right() {
        // Subtraction is not associative, so the order shows: ((100 - 1) - 2) - 3.
        let r = vector::fold(vector[1u64, 2, 3], 100, |acc, e| acc - e);
        assert!(r == 94, 0);
        let digits = vector::fold(vector[1u64, 2, 3], 0, |acc, e| acc * 10 + e);
        assert!(digits == 123, 1);
    }

    #[test]
    fun foldr_is_right_to_left() {
        let digits = vector::foldr(vector[1u64, 2, 3], 0, |e, acc| acc * 10 + e);
        assert!(digits == 321, 0);
    }

    #[test]
    fun fold_empty_returns_init() {
        assert!(vector::fold(vector<u64>[], 7, |acc, e| acc + e) == 7, 0);
        assert!(vector::foldr(vector<u64>[], 8, |e, acc| acc + e) == 8, 1);
    }

    #[test]
    fun map_changes_type() {
        let v = vector::map(vector[1u64, 2, 3], |e| e % 2 == 1);
        assert!(v == vector[true, false, true], 0);
    }

    #[test]
    fun map_ref_keeps_source() {
        let src = vector[1u64, 2, 3];
        let doubled = vector::map_ref(&src, |e| *e * 2);
        assert!(doubled == vector[2, 4, 6], 0);
        assert!(src == vector[1, 2, 3], 1);
    }

    #[test]
    fun map_over_resources() {
        let ids = vector::map(vector[Token { id: 3 }, Token { id: 4 }], |t| burn(t));
        assert!(ids == vector[3, 4], 0);
    }

    #[test]
    fun filter_keeps_matching_in_order() {
        let v = vector::filter(vector[1u64, 2, 3, 4, 5, 6], |e| *e % 2 == 0);
        assert!(v == vector[2, 4, 6], 0);
        let none = vector::filter(vector[1u64, 3], |e| *e > 10);
        assert!(none == vector[], 1);
        let tags = vector::filter(vector[Tag { id: 1 }, Tag { id: 2 }], |t| t.id == 2);
        assert!(vector::length(&tags) == 1 && vector::borrow(&tags, 0).id == 2, 2);
    }

    // ----- partition ------------------------------------------------------------------------

    #[test]
    fun partition_moves_matches_forward() {
        let v = vector[1u64, 2, 3, 4, 5, 6];
        let split = vector::partition(&mut v, |e| *e % 2 == 0);
        assert!(split == 3, 0);
        // The front keeps its order; the back holds the rest in some order.
        assert!(vector::slice(&v, 0, 3) == vector[2, 4, 6], 1);
        let i = 3;
        while (i < 6) {
            assert!(*vector::borrow(&v, i) % 2 == 1, 2);
            i = i + 1;
        };
    }

    #[test]
    fun partition_edge_cases() {
        let all = vector[2u64, 4];
        assert!(vector::partition(&mut all, |e| *e % 2 == 0) == 2, 0);
        assert!(all == vector[2, 4], 1);
        let none = vector[1u64, 3];
        assert!(vector::partition(&mut none, |e| *e % 2 == 0) == 0, 2);
        let empty = vector<u64>[];
        assert!(vector::partition(&mut empty, |_e| true) == 0, 3);
    }

    #[test]
    fun stable_partition_keeps_both_orders() {
        let v = vector[1u64, 2, 3, 4, 5, 6, 7];
        let split = vector::stable_partition(&mut v, |e| *e % 3 == 0);
        assert!(split == 2, 0);
        assert!(v == vector[3, 6, 1, 2, 4, 5, 7], 1);
    }

    // ----- any, all, find, destroy ----------------------------------------------------------

    #[test]
    fun any_and_all() {
        let v = vector[2u64, 4, 6];
        assert!(vector::all(&v, |e| *e % 2 == 0), 0);
        assert!(!vector::any(&v, |e| *e % 2 == 1), 1);
        assert!(vector::any(&v, |e| *e == 6), 2);
        assert!(!vector::all(&v, |e| *e < 6), 3);
        let empty = vector<u64>[];
        assert!(vector::all(&empty, |_e| false), 4);
        assert!(!vector::any(&empty, |_e| true), 5);
    }

    #[test]
    fun any_stops_at_first_match() {
        let v = vector[1u64, 2, 3, 4];
        let calls = 0;
        assert!(vector::any(&v, |e| { calls = calls + 1; *e == 2 }), 0);
        assert!(calls == 2, 1);
    }

    #[test]
    fun all_stops_at_first_miss() {
        let v = vector[1u64, 2, 3, 4];
        let calls = 0;
        assert!(!vector::all(&v, |e| { calls = calls + 1; *e < 2 }), 0);
        assert!(calls == 2, 1);
    }

    #[test]
    fun find_first_index() {
        let v = vector[5u64, 8, 9, 8];
        let (found, i) = vector::find(&v, |e| *e == 8);
        assert!(found && i == 1, 0);
        let (found, i) = vector::find(&v, |e| *e > 100);
        assert!(!found && i == 0, 1);
    }

    #[test]
    fun destroy_hands_out_every_element() {
        let ids = vector<u64>[];
        vector::destroy(vector[Token { id: 1 }, Token { id: 2 }], |t| vector::push_back(&mut ids, burn(t)));
        assert!(ids == vector[2, 1], 0);
    }

    // ----- larger vectors -------------------------------------------------------------------

    #[test]
    fun long_vector_round_trip() {
        let v = vector::range(0, 300);
        assert!(vector::length(&v) == 300, 0);
        let tail = vector::trim(&mut v, 100);
        assert!(vector::length(&tail) == 200 && *vector::borrow(&tail, 0) == 100, 1);
        vector::append(&mut v, tail);
        assert!(v == vector::range(0, 300), 2);
        vector::reverse(&mut v);
        assert!(*vector::borrow(&v, 0) == 299 && *vector::borrow(&v, 299) == 0, 3);
        let sum = vector::fold(v, 0, |acc, e| acc + e);
        assert!(sum == 299 * 300 / 2, 4);
    }
}
