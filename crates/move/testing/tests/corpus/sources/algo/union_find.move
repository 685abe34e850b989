module corpus::union_find {
    struct UF has drop { parent: vector<u64>, size: vector<u64> }

    fun new(n: u64): UF {
        UF { parent: std::vector::range(0, n), size: std::vector::range(0, n).map(|_i| 1) }
    }

    fun find(u: &mut UF, x: u64): u64 {
        while (u.parent[x] != x) {
            let p = u.parent[x];
            u.parent[x] = u.parent[p];
            x = p;
        };
        x
    }

    fun union(u: &mut UF, a: u64, b: u64): bool {
        let ra = find(u, a);
        let rb = find(u, b);
        if (ra == rb) return false;
        if (u.size[ra] < u.size[rb]) (ra, rb) = (rb, ra);
        u.parent[rb] = ra;
        let moved = u.size[rb];
        u.size[ra] += moved;
        true
    }

    #[test]
    fun components() {
        let u = new(8);
        assert!(union(&mut u, 0, 1) && union(&mut u, 2, 3) && union(&mut u, 1, 3), 1);
        assert!(!union(&mut u, 0, 2), 2);
        assert!(union(&mut u, 5, 6), 3);
        let roots = vector[];
        for (i in 0..8) { let r = find(&mut u, i); if (!roots.contains(&r)) roots.push_back(r); };
        assert!(roots.length() == 4, 4);
        let r0 = find(&mut u, 0);
        assert!(u.size[r0] == 4, 5);
    }
}
