module 0x42::attr_test_generic {
    #[test]
    fun t<T>() {}
}
