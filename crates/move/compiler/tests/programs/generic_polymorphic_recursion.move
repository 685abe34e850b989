module 0x42::generic_polymorphic_recursion {
    fun grow<T: drop>(x: T, n: u64): u64 {
        if (n == 0) 0 else grow<vector<T>>(vector[x], n - 1)
    }
}
