module corpus::gen_recursive {
    fun nest<T: copy + drop>(x: T, depth: u64): vector<T> {
        if (depth == 0) vector[x] else {
            let v = nest(x, depth - 1);
            v.push_back(x);
            v
        }
    }

    fun count_all<T>(v: &vector<vector<T>>): u64 {
        let n = 0;
        let i = 0;
        while (i < v.length()) { n = n + v[i].length(); i = i + 1; };
        n
    }

    #[test]
    fun recursive_generic_calls() {
        assert!(nest(7u8, 3) == vector[7, 7, 7, 7], 1);
        assert!(nest(true, 0) == vector[true], 2);
        assert!(count_all(&vector[nest(1, 1), nest(2, 2)]) == 5, 3);
        assert!(count_all<u8>(&vector[]) == 0, 4);
    }
}
