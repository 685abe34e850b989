module corpus::sort_bubble {
    fun sort(v: &mut vector<u64>) {
        let n = v.length();
        if (n < 2) return;
        let swapped = true;
        while (swapped) {
            swapped = false;
            let i = 1;
            while (i < n) {
                if (v[i - 1] > v[i]) { v.swap(i - 1, i); swapped = true };
                i = i + 1;
            };
            n = n - 1;
        }
    }

    #[test]
    fun sorts() {
        let v = vector[5, 1, 4, 2, 8];
        sort(&mut v);
        assert!(v == vector[1, 2, 4, 5, 8], 1);
        let e = vector[];
        sort(&mut e);
        assert!(e == vector[], 2);
        let d = vector[3, 3, 1, 3];
        sort(&mut d);
        assert!(d == vector[1, 3, 3, 3], 3);
    }
}
