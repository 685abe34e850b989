module corpus::truth_tables {
    fun nand(a: bool, b: bool): bool { !(a && b) }
    fun via_nand_or(a: bool, b: bool): bool { nand(nand(a, a), nand(b, b)) }
    fun via_nand_xor(a: bool, b: bool): bool {
        let c = nand(a, b);
        nand(nand(a, c), nand(b, c))
    }

    #[test]
    fun nand_is_universal() {
        let vals = vector[false, true];
        let i = 0;
        while (i < 2) {
            let j = 0;
            while (j < 2) {
                let (a, b) = (vals[i], vals[j]);
                assert!(via_nand_or(a, b) == (a || b), 1);
                assert!(via_nand_xor(a, b) == (a != b), 2);
                j = j + 1;
            };
            i = i + 1;
        };
    }

    #[test]
    fun de_morgan() {
        let cases = vector[vector[false, false], vector[false, true], vector[true, false], vector[true, true]];
        cases.for_each(|c| {
            let (a, b) = (c[0], c[1]);
            assert!(!(a && b) == (!a || !b), 1);
            assert!(!(a || b) == (!a && !b), 2);
        });
    }
}
