module 0x1::flow {
    const E_FAIL: u64 = 7;

    fun branches(x: u64): u64 {
        let y = if (x > 10) 1 else 2;
        let z = if (x == 0) { 3 } else if (x == 1) { 4 } else { 5 };
        if (x == 2) return 9;
        if (x == 3) { abort E_FAIL };
        if (x == 4) abort 1;
        if (x == 5) { y = y + 1 } else { z = z + 1 };
        // A block-like `if` is a statement without `;`.
        if (x == 6) {
            y = 0;
        }
        let w = if (x == 7) { 1 } else { 2 } + 10;
        y + z + w
    }

    fun loops(n: u64): u64 {
        let i = 0;
        let sum = 0;
        while (i < n) {
            sum = sum + i;
            i = i + 1;
        };
        while (i > 0) i = i - 1;
        loop {
            i = i + 1;
            if (i == 10) break;
            if (i % 2 == 0) continue;
        };
        loop {
            if (i > 100) break
        }
        for (k in 0..n) {
            sum = sum + k;
        };
        for (k in i..vector::length(&vector[1, 2])) { sum = sum + k }
        for (j in 0..(n + 1)) sum = sum + j;
        sum
    }

    fun labels(n: u64): u64 {
        let count = 0;
        'outer: loop {
            'inner: while (count < n) {
                count = count + 1;
                if (count == 3) continue 'outer;
                if (count == 5) break 'inner;
                if (count > 7) break 'outer;
            };
            break
        };
        count
    }

    fun returns(x: u64): u64 {
        if (x == 0) { return 0 };
        if (x == 1) return;
        return x + 1
    }

    fun returns_unit(x: u64) {
        if (x == 0) return;
        return
    }

    fun aborts(x: u64) {
        if (x == 0) abort 0x10001;
        abort (E_FAIL + 1)
    }

    fun blocks(): u64 {
        let a = { let t = 1; t + 1 };
        let b = { 5 };
        {};
        { a = a + 1; };
        a + b
    }

    fun nested_control(v: vector<u64>): bool {
        let found = false;
        let i = 0;
        while ({ i = i + 1; i < 10 }) {
            if (*std::vector::borrow(&v, i) == 0) { found = true; break }
        };
        found
    }
}
