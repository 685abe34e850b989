module corpus::sort_insertion {
    inline fun sort<T: copy + drop>(v: &mut vector<T>, less: |&T, &T| bool) {
        let i = 1;
        while (i < v.length()) {
            let j = i;
            while (j > 0 && less(&v[j], &v[j - 1])) {
                v.swap(j, j - 1);
                j = j - 1;
            };
            i = i + 1;
        }
    }

    #[test]
    fun sorts_with_comparator() {
        let v = vector[9, 2, 7, 2, 0];
        sort(&mut v, |a, b| *a < *b);
        assert!(v == vector[0, 2, 2, 7, 9], 1);
        sort(&mut v, |a, b| *a > *b);
        assert!(v == vector[9, 7, 2, 2, 0], 2);
    }

    #[test]
    fun sorts_bytes_by_key() {
        let words = vector[b"ccc", b"a", b"bb"];
        sort(&mut words, |a, b| a.length() < b.length());
        assert!(words == vector[b"a", b"bb", b"ccc"], 1);
    }
}
