module corpus::topo_sort {
    // Kahn's algorithm; edges as (from, to) pairs. Picks the smallest ready node first.
    fun order(n: u64, from: vector<u64>, to: vector<u64>): vector<u64> {
        let indeg = vector[];
        for (_i in 0..n) indeg.push_back(0u64);
        to.for_each_ref(|t| indeg[*t] += 1);
        let out = vector[];
        let done = vector[];
        for (_i in 0..n) done.push_back(false);
        while (out.length() < n) {
            let pick = n;
            for (i in 0..n) { if (pick == n && !done[i] && indeg[i] == 0) pick = i; };
            if (pick == n) break;
            done[pick] = true;
            out.push_back(pick);
            for (e in 0..from.length()) { if (from[e] == pick) indeg[to[e]] -= 1; };
        };
        out
    }

    #[test]
    fun dag() {
        // 5 -> 2, 5 -> 0, 4 -> 0, 4 -> 1, 2 -> 3, 3 -> 1
        let o = order(6, vector[5, 5, 4, 4, 2, 3], vector[2, 0, 0, 1, 3, 1]);
        assert!(o == vector[4, 5, 0, 2, 3, 1], 1);
    }

    #[test]
    fun cycle_stops_early() {
        let o = order(3, vector[0, 1, 2], vector[1, 2, 0]);
        assert!(o.length() == 0, 1);
    }
}
