module corpus::gas_limits {
    fun spin(): u64 {
        let i = 0;
        loop { i = i + 1; if (i == 0) break };
        i
    }

    fun forever_recursive(n: u64): u64 { forever_recursive(n + 1) + 1 }

    #[test]
    #[expected_failure(out_of_gas, location = Self)]
    fun infinite_loop_runs_out_of_gas() { spin(); }

    #[test]
    #[expected_failure]
    fun unbounded_recursion_fails() { forever_recursive(0); }
}
