module corpus::deep_recursion {
    fun depth(n: u64): u64 { if (n == 0) 0 else 1 + depth(n - 1) }

    // Keeps nothing on the operand stack across the call, so only the frame limit is hit.
    fun down(n: u64) { if (n > 0) down(n - 1) }

    fun sum_list(v: &vector<u64>, i: u64): u64 {
        if (i == v.length()) 0 else v[i] + sum_list(v, i + 1)
    }

    #[test]
    fun within_limit() {
        assert!(depth(1000) == 1000, 1);
        let v = vector::range(0, 500);
        assert!(sum_list(&v, 0) == 124750, 2);
    }

    #[test]
    #[expected_failure(major_status = 4021, location = Self)]
    fun beyond_call_stack_limit() {
        down(100000);
    }

    #[test]
    fun down_within_limit() { down(1000) }

    #[test]
    #[expected_failure(major_status = 4020, location = Self)]
    fun operand_stack_overflow() {
        // every pending `1 + ...` keeps a value on the shared operand stack
        depth(100000);
    }

    use std::vector;
}
