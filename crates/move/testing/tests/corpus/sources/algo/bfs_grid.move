module corpus::bfs_grid {
    // 0 = open, 1 = wall; returns the number of steps from (0,0) to (h-1,w-1), or 999.
    fun shortest(grid: &vector<vector<u8>>): u64 {
        let h = grid.length();
        let w = grid[0].length();
        let dist = vector[];
        for (_i in 0..(h * w)) dist.push_back(999u64);
        let queue = vector[0u64];
        dist[0] = 0;
        let head = 0;
        while (head < queue.length()) {
            let cell = queue[head];
            head = head + 1;
            let (r, c) = (cell / w, cell % w);
            let d = dist[cell];
            let moves = vector[];
            if (r > 0) moves.push_back(cell - w);
            if (r + 1 < h) moves.push_back(cell + w);
            if (c > 0) moves.push_back(cell - 1);
            if (c + 1 < w) moves.push_back(cell + 1);
            moves.for_each(|n| {
                if (grid[n / w][n % w] == 0 && dist[n] == 999) {
                    dist[n] = d + 1;
                    queue.push_back(n);
                }
            });
        };
        dist[h * w - 1]
    }

    #[test]
    fun paths() {
        let open = vector[vector[0u8, 0, 0], vector[0, 0, 0], vector[0, 0, 0]];
        assert!(shortest(&open) == 4, 1);
        let maze = vector[
            vector[0u8, 1, 0, 0],
            vector[0, 1, 0, 1],
            vector[0, 0, 0, 1],
            vector[1, 1, 0, 0],
        ];
        assert!(shortest(&maze) == 6, 2);
        let blocked = vector[vector[0u8, 1], vector[1, 0]];
        assert!(shortest(&blocked) == 999, 3);
    }
}
