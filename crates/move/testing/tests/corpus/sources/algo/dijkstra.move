module corpus::dijkstra {
    const INF: u64 = 1000000;

    // Dense adjacency matrix, 0 = no edge.
    fun shortest(adj: &vector<vector<u64>>, src: u64): vector<u64> {
        let n = adj.length();
        let dist = vector[];
        let done = vector[];
        for (_i in 0..n) { dist.push_back(INF); done.push_back(false); };
        dist[src] = 0;
        for (_round in 0..n) {
            let u = n;
            for (i in 0..n) {
                if (!done[i] && (u == n || dist[i] < dist[u])) u = i;
            };
            if (u == n || dist[u] == INF) break;
            done[u] = true;
            for (v in 0..n) {
                let w = adj[u][v];
                if (w > 0 && dist[u] + w < dist[v]) dist[v] = dist[u] + w;
            };
        };
        dist
    }

    #[test]
    fun small_graph() {
        let adj = vector[
            vector[0, 4, 1, 0, 0],
            vector[4, 0, 2, 5, 0],
            vector[1, 2, 0, 8, 10],
            vector[0, 5, 8, 0, 2],
            vector[0, 0, 10, 2, 0],
        ];
        assert!(shortest(&adj, 0) == vector[0, 3, 1, 8, 10], 1);
        assert!(shortest(&adj, 4) == vector[10, 7, 9, 2, 0], 2);
    }
}
