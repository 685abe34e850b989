module corpus::sort_quick {
    fun quicksort(v: &mut vector<u64>, lo: u64, hi: u64) {
        // sorts v[lo..hi)
        if (hi <= lo + 1) return;
        let pivot = v[hi - 1];
        let store = lo;
        let i = lo;
        while (i < hi - 1) {
            if (v[i] < pivot) { v.swap(i, store); store = store + 1 };
            i = i + 1;
        };
        v.swap(store, hi - 1);
        quicksort(v, lo, store);
        quicksort(v, store + 1, hi);
    }

    #[test]
    fun sorts() {
        let v = vector[10, 80, 30, 90, 40, 50, 70];
        let n = v.length();
        quicksort(&mut v, 0, n);
        assert!(v == vector[10, 30, 40, 50, 70, 80, 90], 1);
        let w = vector[4, 4, 4, 1];
        quicksort(&mut w, 0, 4);
        assert!(w == vector[1, 4, 4, 4], 2);
    }
}
