#[test_only]
module app::counter_tests {
    use base::math;

    #[test]
    fun doubles() {
        assert!(math::double(21) == 42, 0);
    }
}
