module corpus::ref_loops {
    struct Cell has drop { v: u64 }

    fun bump_all(cells: &mut vector<Cell>, k: u64) {
        let i = 0;
        let n = cells.length();
        while (i < n) {
            let c = &mut cells[i];
            c.v = c.v + k * i;
            i = i + 1;
        }
    }

    fun max_ref(cells: &vector<Cell>): &Cell {
        let best = &cells[0];
        let i = 1;
        while (i < cells.length()) {
            if (cells[i].v > best.v) best = &cells[i];
            i = i + 1;
        };
        best
    }

    #[test]
    fun references_in_loops() {
        let cells = vector[Cell { v: 5 }, Cell { v: 5 }, Cell { v: 5 }];
        bump_all(&mut cells, 10);
        assert!(cells[0].v == 5 && cells[1].v == 15 && cells[2].v == 25, 1);
        assert!(max_ref(&cells).v == 25, 2);
        cells[2].v = 0;
        assert!(max_ref(&cells).v == 15, 3);
    }
}
