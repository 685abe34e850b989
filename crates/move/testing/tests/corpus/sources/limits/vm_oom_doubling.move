// Doubling a vector by copying it and appending the copy: the VM refuses copies larger than the
// per-transaction memory quota (MEMORY_LIMIT_EXCEEDED) and charges copies per unit, so this
// fails cleanly. It once grew the vector until the process aborted on a 3 GB allocation.
module 0xc0::vm_oom_doubling {
    #[test]
    #[expected_failure]
    fun grow_doubling() {
        let v = vector[1u64];
        loop { let w = v; v.append(w) }
    }
}
