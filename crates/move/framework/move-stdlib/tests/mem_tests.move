#[test_only]
/// Tests of `std::mem` (a friend of it, since its functions are friend-only).
module std::mem_tests {
    use std::mem;
    use std::vector;

    struct Box has drop { v: u64 }
    struct Holder has drop { a: Box, b: Box }

    #[test]
    fun swap_integers() {
        let a = 1u64;
        let b = 2u64;
        mem::swap(&mut a, &mut b);
        assert!(a == 2 && b == 1, 0);
    }

    #[test]
    fun swap_vector_elements() {
        let v = vector[1u64, 2, 3];
        let x = 9u64;
        mem::swap(vector::borrow_mut(&mut v, 1), &mut x);
        assert!(v == vector[1, 9, 3], 0);
        assert!(x == 2, 1);
    }

    #[test]
    fun swap_struct_fields() {
        let h = Holder { a: Box { v: 1 }, b: Box { v: 2 } };
        let Holder { a, b } = &mut h;
        mem::swap(a, b);
        assert!(h.a.v == 2 && h.b.v == 1, 0);
    }

    #[test]
    fun swap_whole_vectors() {
        let a = vector[1u8];
        let b = vector[2u8, 3];
        mem::swap(&mut a, &mut b);
        assert!(a == vector[2, 3] && b == vector[1], 0);
    }

    #[test]
    fun replace_returns_old_value() {
        let x = 5u64;
        let old = mem::replace(&mut x, 6);
        assert!(old == 5 && x == 6, 0);
    }

    #[test]
    fun replace_inside_struct() {
        let h = Holder { a: Box { v: 1 }, b: Box { v: 2 } };
        let old = mem::replace(&mut h.b, Box { v: 7 });
        assert!(old.v == 2 && h.b.v == 7 && h.a.v == 1, 0);
    }
}
