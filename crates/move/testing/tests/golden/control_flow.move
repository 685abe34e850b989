// Control flow: if/else as values, while and loop with break/continue, labelled loops, for
// ranges, early return, abort with codes (and an abort from a nested call).
//# publish
module 0x42::flow {
    const E_NEGATIVE: u64 = 0x10001;

    public fun classify(x: u64): u8 {
        if (x == 0) 0 else if (x < 10) 1 else if (x < 100) 2 else 3
    }
    // Sum of the odd numbers below n, stopping at the first above `stop`.
    public fun odd_sum(n: u64, stop: u64): u64 {
        let (i, s) = (0, 0);
        while (i < n) {
            i = i + 1;
            if (i % 2 == 0) continue;
            if (i > stop) break;
            s = s + i;
        };
        s
    }
    public fun loop_until(n: u64): u64 {
        let i = 1;
        loop {
            if (i >= n) break;
            i = i * 3;
        };
        i
    }
    // Pairs (i, j) with i < j < n, leaving both loops at the first pair summing to `target`.
    public fun find_pair(n: u64, target: u64): (u64, u64, u64) {
        let (i, found_i, found_j, visited) = (0, 0, 0, 0);
        'outer: while (i < n) {
            let j = i + 1;
            while (j < n) {
                visited = visited + 1;
                if (i + j == target) {
                    found_i = i;
                    found_j = j;
                    break 'outer
                };
                j = j + 1;
            };
            i = i + 1;
        };
        (found_i, found_j, visited)
    }
    public fun for_range(n: u64): u64 {
        let s = 0;
        for (i in 0..n) { s = s + i * i };
        s
    }
    public fun first_multiple(v: vector<u64>, k: u64): u64 {
        let i = 0;
        while (i < v.length()) {
            if (v[i] % k == 0) return v[i];
            i = i + 1;
        };
        0
    }
    public fun check(x: u64): u64 {
        if (x > 100) abort E_NEGATIVE;
        x
    }
    public fun nested(x: u64): u64 { check(x) + 1 }
    public fun assert_eq(a: u64, b: u64) { assert!(a == b, 7) }
    public fun abort_max() { abort 18446744073709551615 }
}

//# call 0x42::flow::classify --args 0

//# call 0x42::flow::classify --args 55

//# call 0x42::flow::classify --args 1000

//# call 0x42::flow::odd_sum --args 20 9

//# call 0x42::flow::loop_until --args 100

//# call 0x42::flow::find_pair --args 10 11

//# call 0x42::flow::find_pair --args 4 100

//# call 0x42::flow::for_range --args 10

//# call 0x42::flow::first_multiple --args vector[3,5,14,21] 7

//# call 0x42::flow::first_multiple --args vector[3,5] 7

//# call 0x42::flow::check --args 100

//# call 0x42::flow::check --args 101

//# call 0x42::flow::nested --args 500

//# call 0x42::flow::assert_eq --args 1 1

//# call 0x42::flow::assert_eq --args 1 2

//# call 0x42::flow::abort_max
