module corpus::early_return {
    fun index_of_first_zero(v: &vector<u64>): u64 {
        let i = 0;
        while (i < v.length()) {
            if (v[i] == 0) return i;
            i = i + 1;
        };
        v.length()
    }

    fun sign(x: u64, pivot: u64): u8 {
        if (x < pivot) { return 0 };
        if (x == pivot) return 1;
        2
    }

    fun unit_return(v: &mut vector<u64>) {
        if (v.is_empty()) return;
        v.push_back(0);
    }

    #[test]
    fun returns_early() {
        assert!(index_of_first_zero(&vector[4, 0, 0]) == 1, 1);
        assert!(index_of_first_zero(&vector[4, 5]) == 2, 2);
        assert!(sign(1, 2) == 0 && sign(2, 2) == 1 && sign(3, 2) == 2, 3);
        let e = vector[];
        unit_return(&mut e);
        let f = vector[1];
        unit_return(&mut f);
        assert!(e.length() == 0 && f == vector[1, 0], 4);
    }
}
