module corpus::min_heap {
    struct Heap has drop { data: vector<u64> }

    fun push(h: &mut Heap, x: u64) {
        h.data.push_back(x);
        let i = h.data.length() - 1;
        while (i > 0) {
            let p = (i - 1) / 2;
            if (h.data[p] <= h.data[i]) break;
            h.data.swap(p, i);
            i = p;
        }
    }

    fun pop(h: &mut Heap): u64 {
        let n = h.data.length();
        h.data.swap(0, n - 1);
        let top = h.data.pop_back();
        let n = n - 1;
        let i = 0;
        loop {
            let l = 2 * i + 1;
            let r = l + 1;
            let m = i;
            if (l < n && h.data[l] < h.data[m]) m = l;
            if (r < n && h.data[r] < h.data[m]) m = r;
            if (m == i) break;
            h.data.swap(i, m);
            i = m;
        };
        top
    }

    #[test]
    fun heap_sort() {
        let h = Heap { data: vector[] };
        vector[9, 4, 7, 1, 8, 2, 2, 6].for_each(|x| push(&mut h, x));
        let out = vector[];
        while (!h.data.is_empty()) out.push_back(pop(&mut h));
        assert!(out == vector[1, 2, 2, 4, 6, 7, 8, 9], 1);
    }
}
