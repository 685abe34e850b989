// Limits reachable from Move: call depth (1,025 active frames as in Aptos, whose call stack
// of 1,024 holds the suspended callers: chain(1024) runs, chain(1025) is CALL_STACK_OVERFLOW),
// the operand stack (1,024 values: `1 + depth(n - 1)` keeps one value per frame, so it is
// EXECUTION_STACK_OVERFLOW first), deep
// recursion that stays under it (direct and mutual), deeply nested values (a vector nested
// 100 levels works; nesting past the VM's depth limit of 128 fails when the value is built),
// a big vector.
//# publish
module 0x42::limits {
    public fun depth(n: u64): u64 { if (n == 0) 0 else 1 + depth(n - 1) }
    // Keeps nothing on the operand stack across the call: only the frame count limits it.
    // chain(n) runs n + 1 frames.
    public fun chain(n: u64): u64 {
        if (n == 0) return 0;
        let r = chain(n - 1);
        r + 1
    }
    public fun mutual_a(n: u64): u64 { if (n == 0) 0 else mutual_b(n - 1) + 1 }
    public fun mutual_b(n: u64): u64 { if (n == 0) 0 else mutual_a(n - 1) + 2 }
    public fun nest_100(): (bool, u64) {
        let v = vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[1u8]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]];
        let w = copy v;
        (v == w, std::bcs::to_bytes(&v).length())
    }
    public fun nest_140(): bool {
        let v = vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[vector[1u8]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]];
        let w = copy v;
        v == w
    }
    /// Instantiates vector<T> (one deeper than T) when it runs: Aptos's type builder allows 20.
    public fun pack_nested<T: drop>(): u64 {
        let v: vector<vector<T>> = vector[];
        v.length()
    }
    public fun big_vector(n: u64): u64 {
        let v = vector[];
        for (i in 0..n) v.push_back(((i % 256) as u8));
        v.length()
    }
}

//# call 0x42::limits::depth --args 1000

//# call 0x42::limits::depth --args 1022

//# call 0x42::limits::depth --args 1023

//# call 0x42::limits::depth --args 100000

//# call 0x42::limits::chain --args 1023

//# call 0x42::limits::chain --args 1024

//# call 0x42::limits::chain --args 1025

//# call 0x42::limits::mutual_a --args 500

//# call 0x42::limits::chain --args 1023

//# call 0x42::limits::chain --args 1024

//# call 0x42::limits::chain --args 1025

//# call 0x42::limits::mutual_a --args 5000

//# call 0x42::limits::nest_100

//# call 0x42::limits::nest_140

//# call 0x42::limits::pack_nested --type-args vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<u8>>>>>>>>>>>>>>>>>>

//# call 0x42::limits::pack_nested --type-args vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<u8>>>>>>>>>>>>>>>>>>>

//# call 0x42::limits::pack_nested --type-args vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<vector<u8>>>>>>>>>>>>>>>>>>>>

//# call 0x42::limits::big_vector --args 10000
