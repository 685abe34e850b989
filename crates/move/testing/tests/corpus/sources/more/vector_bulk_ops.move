module corpus::vector_bulk_ops {
    use std::vector;
    struct S has copy, drop, store { a: u8, b: u64 }
    #[test] fun vector_of_struct_bcs() {
        let v = vector[S { a: 1, b: 2 }];
        assert!(std::bcs::to_bytes(&v) == x"01010200000000000000", 1);
    }
    #[test] fun move_range_like() {
        let v = vector[1, 2, 3, 4, 5, 6];
        let t = v.trim(3);
        v.append(t);
        assert!(v == vector[1, 2, 3, 4, 5, 6], 1);
        let w = vector::empty<u64>();
        w.append(vector[]);
        assert!(w.is_empty(), 2);
        let big = vector[];
        for (i in 0..100) big.push_back(i);
        let x = big.remove(10);
        assert!(x == 10 && big[10] == 11 && big.length() == 99, 3);
        big.insert(50, 1000);
        assert!(big[50] == 1000 && big[51] == 51 && big.length() == 100, 4);
        let tail = big.trim(90);
        assert!(tail.length() == 10 && tail[0] == 90, 5);
    }
    #[test] fun u8_overflow_in_loop_counter() {
        let c: u8 = 0;
        let i = 0;
        while (i < 255) { c = c + 1; i = i + 1; };
        assert!(c == 255, 1);
    }
    #[test] fun strings_compare() {
        use std::string::utf8;
        assert!(utf8(b"abc") != utf8(b"abd"), 1);
        assert!(std::cmp::compare(&utf8(b"abc"), &utf8(b"abd")).is_lt(), 2);
    }
}
