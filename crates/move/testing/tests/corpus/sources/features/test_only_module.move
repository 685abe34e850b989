#[test_only]
module corpus::test_fixtures {
    public fun sample(): vector<u64> { vector[5, 3, 8] }
    public fun expected_sum(): u64 { 16 }
}

module corpus::test_only_module {
    #[test_only]
    use corpus::test_fixtures;

    public fun sum(v: &vector<u64>): u64 {
        let s = 0;
        v.for_each_ref(|x| s = s + *x);
        s
    }

    #[test]
    fun uses_fixture_module() {
        assert!(sum(&test_fixtures::sample()) == test_fixtures::expected_sum(), 1);
        assert!(sum(&vector[]) == 0, 2);
    }
}
