module corpus::vec_index {
    struct P has copy, drop { x: u64, y: u64 }

    #[test]
    fun index_reads_and_writes() {
        let v = vector[5, 6, 7];
        assert!(v[0] + v[2] == 12, 1);
        v[1] = 60;
        *&mut v[2] = 70;
        assert!(v == vector[5, 60, 70], 2);
    }

    #[test]
    fun index_into_struct_fields() {
        let ps = vector[P { x: 1, y: 2 }, P { x: 3, y: 4 }];
        ps[1].x = 30;
        let r = &mut ps[0];
        r.y = r.y * 10;
        assert!(ps[0].y == 20 && ps[1].x == 30 && ps[1].y == 4, 1);
    }

    #[test]
    fun compound_through_index() {
        let v = vector[1, 1, 1];
        let i = 0;
        while (i < 3) { v[i] += i * 10; i += 1; };
        assert!(v == vector[1, 11, 21], 1);
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun index_out_of_bounds() {
        let v = vector[1];
        let _ = v[1];
    }

    #[test]
    #[expected_failure(vector_error, minor_status = 1, location = Self)]
    fun mut_index_out_of_bounds() {
        let v: vector<u64> = vector[];
        v[0] = 1;
    }
}
