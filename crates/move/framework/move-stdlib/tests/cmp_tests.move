#[test_only]
/// Tests of `std::cmp`.
module std::cmp_tests {
    use std::cmp::{Self, Ordering};
    use std::string;

    struct Point has drop { x: u64, y: u64 }

    enum Shape has drop {
        Dot,
        Line { length: u64 },
        Rect { w: u64, h: u64 },
    }

    fun lt(o: Ordering): bool { cmp::is_lt(&o) }
    fun eq(o: Ordering): bool { cmp::is_eq(&o) }
    fun gt(o: Ordering): bool { cmp::is_gt(&o) }

    #[test]
    fun integers_of_every_width() {
        assert!(lt(cmp::compare(&1u8, &2u8)), 0);
        assert!(gt(cmp::compare(&300u16, &200u16)), 1);
        assert!(eq(cmp::compare(&7u32, &7u32)), 2);
        assert!(lt(cmp::compare(&0u64, &18446744073709551615u64)), 3);
        assert!(gt(cmp::compare(&(1u128 << 100), &(1u128 << 99))), 4);
        assert!(lt(cmp::compare(&(1u256 << 200), &((1u256 << 200) + 1))), 5);
    }

    #[test]
    fun predicates_on_less() {
        let o = cmp::compare(&1u64, &5u64);
        assert!(cmp::is_lt(&o) && cmp::is_le(&o) && cmp::is_ne(&o), 0);
        assert!(!cmp::is_eq(&o) && !cmp::is_gt(&o) && !cmp::is_ge(&o), 1);
    }

    #[test]
    fun predicates_on_equal() {
        let o = cmp::compare(&5u64, &5u64);
        assert!(cmp::is_eq(&o) && cmp::is_le(&o) && cmp::is_ge(&o), 0);
        assert!(!cmp::is_ne(&o) && !cmp::is_lt(&o) && !cmp::is_gt(&o), 1);
    }

    #[test]
    fun predicates_on_greater() {
        let o = cmp::compare(&9u64, &5u64);
        assert!(cmp::is_gt(&o) && cmp::is_ge(&o) && cmp::is_ne(&o), 0);
        assert!(!cmp::is_eq(&o) && !cmp::is_lt(&o) && !cmp::is_le(&o), 1);
    }

    #[test]
    fun receiver_predicates() {
        assert!(cmp::compare(&1u64, &2u64).is_lt(), 0);
        assert!(cmp::compare(&2u64, &2u64).is_ge(), 1);
        assert!(cmp::compare(&3u64, &2u64).is_ne(), 2);
    }

    #[test]
    fun booleans_false_first() {
        assert!(lt(cmp::compare(&false, &true)), 0);
        assert!(eq(cmp::compare(&true, &true)), 1);
    }

    #[test]
    fun addresses_as_numbers() {
        assert!(lt(cmp::compare(&@0x1, &@0x2)), 0);
        assert!(gt(cmp::compare(&@0x100, &@0xFF)), 1);
        assert!(eq(cmp::compare(&@0xABC, &@0xABC)), 2);
    }

    #[test]
    fun vectors_lexicographic() {
        assert!(lt(cmp::compare(&vector<u64>[], &vector[0])), 0);
        assert!(eq(cmp::compare(&vector<u64>[], &vector[])), 1);
        assert!(lt(cmp::compare(&vector[1u64, 2], &vector[1, 2, 0])), 2);
        assert!(lt(cmp::compare(&vector[1u64, 9, 9], &vector[2])), 3);
        assert!(gt(cmp::compare(&vector[1u64, 3], &vector[1, 2, 7])), 4);
        assert!(eq(cmp::compare(&vector[4u64, 5], &vector[4, 5])), 5);
    }

    #[test]
    fun byte_strings() {
        assert!(lt(cmp::compare(&string::utf8(b"abc"), &string::utf8(b"abd"))), 0);
        assert!(lt(cmp::compare(&string::utf8(b"ab"), &string::utf8(b"abc"))), 1);
        assert!(gt(cmp::compare(&string::utf8(b"b"), &string::utf8(b"abc"))), 2);
    }

    #[test]
    fun structs_field_by_field() {
        assert!(eq(cmp::compare(&Point { x: 1, y: 2 }, &Point { x: 1, y: 2 })), 0);
        assert!(lt(cmp::compare(&Point { x: 1, y: 2 }, &Point { x: 1, y: 3 })), 1);
        assert!(gt(cmp::compare(&Point { x: 2, y: 0 }, &Point { x: 1, y: 9 })), 2);
    }

    #[test]
    fun vectors_of_structs() {
        let a = vector[Point { x: 1, y: 1 }, Point { x: 5, y: 5 }];
        let b = vector[Point { x: 1, y: 2 }];
        assert!(lt(cmp::compare(&a, &b)), 0);
    }

    #[test]
    fun enums_by_variant_then_fields() {
        assert!(lt(cmp::compare(&Shape::Dot, &Shape::Line { length: 0 })), 0);
        assert!(lt(cmp::compare(&Shape::Line { length: 100 }, &Shape::Rect { w: 0, h: 0 })), 1);
        assert!(gt(cmp::compare(&Shape::Line { length: 3 }, &Shape::Line { length: 2 })), 2);
        assert!(eq(cmp::compare(&Shape::Rect { w: 1, h: 2 }, &Shape::Rect { w: 1, h: 2 })), 3);
        assert!(lt(cmp::compare(&Shape::Rect { w: 1, h: 2 }, &Shape::Rect { w: 1, h: 3 })), 4);
    }

    #[test]
    fun antisymmetric_on_samples() {
        let xs = vector[0u64, 1, 2, 1000];
        let i = 0;
        while (i < 4) {
            let j = 0;
            while (j < 4) {
                let a = *std::vector::borrow(&xs, i);
                let b = *std::vector::borrow(&xs, j);
                let ab = cmp::compare(&a, &b);
                let ba = cmp::compare(&b, &a);
                assert!(cmp::is_lt(&ab) == cmp::is_gt(&ba), i * 4 + j);
                assert!(cmp::is_eq(&ab) == (a == b), 100 + i * 4 + j);
                assert!(cmp::is_lt(&ab) == (a < b), 200 + i * 4 + j);
                j = j + 1;
            };
            i = i + 1;
        }
    }
}
