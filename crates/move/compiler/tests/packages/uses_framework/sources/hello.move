module uses_framework::hello {
    use std::vector;

    public fun three(): u64 {
        let v = vector[1, 2, 3];
        vector::length(&v)
    }
}
