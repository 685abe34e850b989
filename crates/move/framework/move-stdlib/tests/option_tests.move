#[test_only]
/// Tests of `std::option`. Abort codes: 0x40000 `EOPTION_IS_SET`, 0x40001 `EOPTION_NOT_SET`,
/// 0x40002 `EOPTION_VEC_TOO_LONG`.
module std::option_tests {
    use std::option::{Self, Option};
    use std::vector;

    /// A value without abilities.
    struct Coin { amount: u64 }

    fun melt(c: Coin): u64 {
        let Coin { amount } = c;
        amount
    }

    #[test]
    fun none_is_none() {
        let o = option::none<u64>();
        assert!(option::is_none(&o), 0);
        assert!(!option::is_some(&o), 1);
    }

    #[test]
    fun some_is_some() {
        let o = option::some(5u64);
        assert!(option::is_some(&o), 0);
        assert!(!option::is_none(&o), 1);
        assert!(*option::borrow(&o) == 5, 2);
    }

    #[test]
    fun from_vec_empty_and_single() {
        let a = option::from_vec(vector<u64>[]);
        assert!(option::is_none(&a), 0);
        let b = option::from_vec(vector[3u64]);
        assert!(option::borrow(&b) == &3, 1);
        assert!(b == option::some(3), 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x40002, location = std::option)]
    fun from_vec_two_fails() {
        option::from_vec(vector[1u64, 2]);
    }

    #[test]
    fun to_vec_round_trip() {
        assert!(option::to_vec(option::some(4u64)) == vector[4], 0);
        assert!(option::to_vec(option::none<u64>()) == vector[], 1);
        let back = option::from_vec(option::to_vec(option::some(@0x9)));
        assert!(back == option::some(@0x9), 2);
    }

    #[test]
    fun contains_compares_value() {
        let o = option::some(10u64);
        assert!(option::contains(&o, &10), 0);
        assert!(!option::contains(&o, &11), 1);
        assert!(!option::contains(&option::none<u64>(), &10), 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun borrow_none_fails() {
        let o = option::none<u64>();
        option::borrow(&o);
    }

    #[test]
    fun borrow_with_default_picks() {
        let d = 7u64;
        let s = option::some(1u64);
        let n = option::none<u64>();
        assert!(*option::borrow_with_default(&s, &d) == 1, 0);
        assert!(*option::borrow_with_default(&n, &d) == 7, 1);
    }

    #[test]
    fun get_with_default_copies() {
        let s = option::some(1u64);
        let n = option::none<u64>();
        assert!(option::get_with_default(&s, 9) == 1, 0);
        assert!(option::get_with_default(&n, 9) == 9, 1);
        assert!(option::is_some(&s), 2);
    }

    #[test]
    fun fill_empty() {
        let o = option::none<u64>();
        option::fill(&mut o, 3);
        assert!(o == option::some(3), 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x40000, location = std::option)]
    fun fill_full_fails() {
        let o = option::some(1u64);
        option::fill(&mut o, 2);
    }

    #[test]
    fun extract_empties() {
        let o = option::some(8u64);
        assert!(option::extract(&mut o) == 8, 0);
        assert!(option::is_none(&o), 1);
        option::fill(&mut o, 9);
        assert!(option::extract(&mut o) == 9, 2);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun extract_none_fails() {
        let o = option::none<u64>();
        option::extract(&mut o);
    }

    #[test]
    fun borrow_mut_updates() {
        let o = option::some(1u64);
        *option::borrow_mut(&mut o) = 2;
        assert!(o == option::some(2), 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun borrow_mut_none_fails() {
        let o = option::none<u64>();
        *option::borrow_mut(&mut o) = 1;
    }

    #[test]
    fun swap_returns_previous() {
        let o = option::some(1u64);
        assert!(option::swap(&mut o, 2) == 1, 0);
        assert!(o == option::some(2), 1);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun swap_none_fails() {
        let o = option::none<u64>();
        option::swap(&mut o, 1);
    }

    #[test]
    fun swap_or_fill_both_cases() {
        let o = option::none<u64>();
        let old = option::swap_or_fill(&mut o, 5);
        assert!(option::is_none(&old), 0);
        assert!(o == option::some(5), 1);
        let old = option::swap_or_fill(&mut o, 6);
        assert!(old == option::some(5), 2);
        assert!(o == option::some(6), 3);
    }

    #[test]
    fun destroy_with_default_both_cases() {
        assert!(option::destroy_with_default(option::some(4u64), 0) == 4, 0);
        assert!(option::destroy_with_default(option::none<u64>(), 0) == 0, 1);
    }

    #[test]
    fun destroy_some_returns_value() {
        let c = option::destroy_some(option::some(Coin { amount: 12 }));
        assert!(melt(c) == 12, 0);
    }

    #[test]
    #[expected_failure(abort_code = 0x40001, location = std::option)]
    fun destroy_some_none_fails() {
        option::destroy_some(option::none<u64>());
    }

    #[test]
    fun destroy_none_accepts_none() {
        option::destroy_none(option::none<Coin>());
    }

    #[test]
    #[expected_failure(abort_code = 0x40000, location = std::option)]
    fun destroy_none_some_fails() {
        option::destroy_none(option::some(1u64));
    }

    #[test]
    fun equality_and_copy() {
        let a = option::some(vector[1u8, 2]);
        let b = a;
        assert!(a == b, 0);
        assert!(option::none<u64>() == option::none<u64>(), 1);
        assert!(option::some(1u64) != option::none<u64>(), 2);
        assert!(option::some(1u64) != option::some(2u64), 3);
    }

    #[test]
    fun receiver_calls() {
        let o = option::some(3u64);
        assert!(o.is_some(), 0);
        assert!(*o.borrow() == 3, 1);
        assert!(o.extract() == 3, 2);
        assert!(o.is_none(), 3);
        o.fill(4);
        assert!(o.destroy_some() == 4, 4);
    }

    // ----- inline functions -----------------------------------------------------------------

    #[test]
    fun for_each_calls_once_or_never() {
        let total = 0;
        option::for_each(option::some(Coin { amount: 5 }), |c| total = total + melt(c));
        option::for_each(option::none<Coin>(), |c| total = total + melt(c));
        assert!(total == 5, 0);
    }

    #[test]
    fun for_each_ref_reads() {
        let seen = 0;
        let o = option::some(9u64);
        option::for_each_ref(&o, |v| seen = *v);
        assert!(seen == 9, 0);
        option::for_each_ref(&option::none<u64>(), |_v| seen = 0);
        assert!(seen == 9, 1);
    }

    #[test]
    fun for_each_mut_writes() {
        let o = option::some(1u64);
        option::for_each_mut(&mut o, |v| *v = *v + 1);
        assert!(o == option::some(2), 0);
        let n = option::none<u64>();
        option::for_each_mut(&mut n, |v| *v = 100);
        assert!(option::is_none(&n), 1);
    }

    #[test]
    fun fold_applies_or_returns_init() {
        assert!(option::fold(option::some(2u64), 10, |acc, v| acc * v) == 20, 0);
        assert!(option::fold(option::none<u64>(), 10, |acc, v| acc * v) == 10, 1);
    }

    #[test]
    fun map_transforms() {
        let m = option::map(option::some(2u64), |v| v == 2);
        assert!(m == option::some(true), 0);
        let n = option::map(option::none<u64>(), |v| v + 1);
        assert!(option::is_none(&n), 1);
    }

    #[test]
    fun map_ref_keeps_source() {
        let o = option::some(2u64);
        let m = option::map_ref(&o, |v| *v * 3);
        assert!(m == option::some(6), 0);
        assert!(o == option::some(2), 1);
        let n = option::map_ref(&option::none<u64>(), |v| *v * 3);
        assert!(option::is_none(&n), 2);
    }

    #[test]
    fun filter_keeps_or_drops() {
        assert!(option::filter(option::some(4u64), |v| *v % 2 == 0) == option::some(4), 0);
        assert!(option::is_none(&option::filter(option::some(5u64), |v| *v % 2 == 0)), 1);
        assert!(option::is_none(&option::filter(option::none<u64>(), |_v| true)), 2);
    }

    #[test]
    fun any_tests_value() {
        assert!(option::any(&option::some(4u64), |v| *v > 3), 0);
        assert!(!option::any(&option::some(2u64), |v| *v > 3), 1);
        assert!(!option::any(&option::none<u64>(), |_v| true), 2);
    }

    #[test]
    fun destroy_hands_out_value() {
        let got = 0;
        option::destroy(option::some(Coin { amount: 3 }), |c| got = melt(c));
        assert!(got == 3, 0);
        option::destroy(option::none<Coin>(), |c| got = melt(c));
        assert!(got == 3, 1);
    }

    #[test]
    fun option_of_vector_value() {
        let o: Option<vector<u64>> = option::some(vector[1, 2, 3]);
        vector::push_back(option::borrow_mut(&mut o), 4);
        assert!(vector::length(option::borrow(&o)) == 4, 0);
    }
}
