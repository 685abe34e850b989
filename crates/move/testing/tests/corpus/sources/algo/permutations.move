module corpus::permutations {
    fun next_permutation(v: &mut vector<u64>): bool {
        let n = v.length();
        if (n < 2) return false;
        let i = n - 1;
        while (i > 0 && v[i - 1] >= v[i]) i = i - 1;
        if (i == 0) { v.reverse(); return false };
        let j = n - 1;
        while (v[j] <= v[i - 1]) j = j - 1;
        v.swap(i - 1, j);
        v.reverse_slice(i, n);
        true
    }

    #[test]
    fun enumerates_in_order() {
        let v = vector[1, 2, 3];
        let seen = vector[v];
        while (next_permutation(&mut v)) seen.push_back(v);
        assert!(seen.length() == 6, 1);
        assert!(seen[1] == vector[1, 3, 2], 2);
        assert!(seen[5] == vector[3, 2, 1], 3);
        assert!(v == vector[1, 2, 3], 4);
    }

    #[test]
    fun with_duplicates() {
        let v = vector[1, 1, 2];
        let count = 1;
        while (next_permutation(&mut v)) count = count + 1;
        assert!(count == 3, 1);
    }
}
