module corpus::cmp_sorting {
    use std::cmp;

    struct Key has copy, drop { major: u8, minor: vector<u8> }

    fun sort_keys(v: &mut vector<Key>) {
        let n = v.length();
        for (i in 0..n) {
            for (j in 1..(n - i)) {
                if (cmp::compare(&v[j - 1], &v[j]).is_gt()) v.swap(j - 1, j);
            };
        };
    }

    #[test]
    fun sorts_by_field_order() {
        let v = vector[
            Key { major: 2, minor: b"a" },
            Key { major: 1, minor: b"zz" },
            Key { major: 1, minor: b"z" },
            Key { major: 2, minor: b"" },
        ];
        sort_keys(&mut v);
        assert!(v[0] == Key { major: 1, minor: b"z" }, 1);
        assert!(v[1] == Key { major: 1, minor: b"zz" }, 2);
        assert!(v[2] == Key { major: 2, minor: b"" }, 3);
        assert!(v[3] == Key { major: 2, minor: b"a" }, 4);
    }

    #[test]
    fun addresses_and_u256() {
        assert!(cmp::compare(&@0x1, &@0x2).is_lt(), 1);
        assert!(cmp::compare(&(1u256 << 200), &(1u256 << 100)).is_gt(), 2);
    }
}
