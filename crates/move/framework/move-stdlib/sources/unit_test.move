#[test_only]
/// Helpers available only when compiling for unit tests.
module std::unit_test {
    /// `num_signers` distinct signers for use in a test (the test runner decides their
    /// addresses). Exists only under `lumio move test`; it is never published.
    native public fun create_signers_for_testing(num_signers: u64): vector<signer>;
}
