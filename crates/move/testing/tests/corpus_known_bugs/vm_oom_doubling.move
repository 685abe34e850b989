// DANGER: run only under a memory limit (`ulimit -v 6000000`).
// Expected: the test fails cleanly (OUT_OF_GAS, or a memory-limit status), as
// `#[expected_failure]` asks.
// Actual: the process dies: "memory allocation of 3221225472 bytes failed", signal 6 (abort),
// after ~13 s and 4.8 GB RSS. Each round copies `v` (flat cost, see vm_copy_flat_cost.move) and
// appends it (400 units per element), so the vector doubles for little gas until the allocator
// fails. A Move program can crash the process (issue #10: no panic reachable from bytecode,
// limits against hostile code).
module 0xc0::vm_oom_doubling {
    #[test]
    #[expected_failure]
    fun grow_doubling() {
        let v = vector[1u64];
        loop { let w = v; v.append(w) }
    }
}
