module corpus::sort_merge {
    fun merge_sort(v: vector<u64>): vector<u64> {
        let n = v.length();
        if (n <= 1) return v;
        let right = v.trim(n / 2);
        let left = merge_sort(v);
        let right = merge_sort(right);
        let out = vector[];
        let (i, j) = (0, 0);
        while (i < left.length() && j < right.length()) {
            if (left[i] <= right[j]) { out.push_back(left[i]); i = i + 1 }
            else { out.push_back(right[j]); j = j + 1 }
        };
        while (i < left.length()) { out.push_back(left[i]); i = i + 1 };
        while (j < right.length()) { out.push_back(right[j]); j = j + 1 };
        out
    }

    #[test]
    fun sorts() {
        assert!(merge_sort(vector[38, 27, 43, 3, 9, 82, 10]) == vector[3, 9, 10, 27, 38, 43, 82], 1);
        assert!(merge_sort(vector[1]) == vector[1], 2);
        assert!(merge_sort(vector[2, 1]) == vector[1, 2], 3);
    }

    #[test]
    fun sorts_descending_input() {
        let v = vector[];
        let i = 50;
        while (i > 0) { v.push_back(i); i = i - 1; };
        let s = merge_sort(v);
        assert!(s.length() == 50 && s[0] == 1 && s[49] == 50, 1);
        let k = 1;
        while (k < 50) { assert!(s[k - 1] < s[k], 2); k = k + 1; };
    }
}
