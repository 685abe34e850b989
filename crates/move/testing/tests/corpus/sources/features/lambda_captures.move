module corpus::lambda_captures {
    struct Acc has drop { total: u64, count: u64 }

    #[test]
    fun capture_struct_and_mutate() {
        let acc = Acc { total: 0, count: 0 };
        vector[4, 6, 10].for_each(|x| { acc.total = acc.total + x; acc.count = acc.count + 1 });
        assert!(acc.total == 20 && acc.count == 3, 1);
    }

    #[test]
    fun capture_vector_and_index() {
        let lookup = vector[100, 200, 300];
        let out = vector[2, 0, 1].map(|i| lookup[i]);
        assert!(out == vector[300, 100, 200], 1);
    }

    #[test]
    fun capture_by_reference_param() {
        let base = 1000;
        let r = &base;
        let out = vector[1, 2].map(|x| x + *r);
        assert!(out == vector[1001, 1002], 1);
    }

    #[test]
    fun lambda_with_block_and_early_value() {
        let v = vector[3, 8, 1];
        let labels = v.map(|x| {
            let big = x > 5;
            if (big) 1u8 else 0u8
        });
        assert!(labels == vector[0, 1, 0], 1);
    }
}
